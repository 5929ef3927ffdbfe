// One IMAP connection slot of an account: (re)connects on demand inside the connection budget, routes the
// server's unsolicited notifications (VANISHED, FETCH flags, EXISTS) to buffers the sync code flushes,
// and serializes commands (Mutex). A dropped client is discarded, never reused.
import type { ImapFlow } from 'imapflow';
import { Backoff } from './backoff';
import type { ConnectionBudget } from './budget';
import { CommandCounter, connectImap } from './connection';
import { ConnectionLostError } from './imap-guards';
import { Mutex } from './mutex';
import type { BackoffOptions, CredentialsProvider, ImapServerConfig } from './types';

export interface ServerFlagChange {
  uid: number;
  flags: string[];
  modseq?: bigint;
}

export interface SessionHooks {
  /** Something changed in the selected mailbox (new mail, expunge, flags). */
  onMailboxEvent(path: string): void;
  onConnected(): void;
  onClosed(): void;
}

export class Session {
  client: ImapFlow | null = null;
  readonly mutex = new Mutex();
  readonly counter = new CommandCounter();
  readonly backoff: Backoff;
  /** Notifications received for each mailbox path, not yet written to the store. */
  readonly vanished = new Map<string, number[]>();
  readonly flagChanges = new Map<string, ServerFlagChange[]>();
  /** EXISTS seen for a path since the last catch-up. */
  readonly newMailPaths = new Set<string>();
  /** The mailbox (imapflow's object, replaced at every SELECT) that selectAndSync last brought up to date
   *  on this connection. Another SELECT of the same folder (replay, bodies) reports no VANISHED/flags. */
  syncedMailbox: object | null = null;
  private connecting: Promise<ImapFlow> | null = null;
  private holdsSlot = false;
  /** Bumped by close(): a connection attempt started before it is dropped when it completes. */
  private generation = 0;
  connectionsOpened = 0;

  constructor(
    readonly name: string,
    private readonly bal: string,
    private readonly server: () => ImapServerConfig,
    private readonly credentials: CredentialsProvider,
    private readonly budget: ConnectionBudget,
    private readonly hooks: SessionHooks,
    backoff: BackoffOptions,
    private readonly socketTimeoutMs?: number,
  ) {
    this.backoff = new Backoff(backoff);
  }

  get connected(): boolean {
    return !!this.client && this.client.usable;
  }

  /** The live client, connecting first if needed (one attempt; the caller handles backoff). */
  async ensure(): Promise<ImapFlow> {
    if (this.client && this.client.usable) return this.client;
    if (this.connecting) return this.connecting;
    this.connecting = this.open().finally(() => { this.connecting = null; });
    return this.connecting;
  }

  private async open(): Promise<ImapFlow> {
    this.discard();
    const gen = this.generation;
    await this.budget.acquire();
    this.holdsSlot = true;
    if (gen !== this.generation) {
      this.releaseSlot();
      throw new ConnectionLostError('connect (session closed)');
    }
    let opened: ImapFlow | null = null;
    try {
      const client = await connectImap(this.bal, this.server(), this.credentials, {
        counter: this.counter,
        socketTimeoutMs: this.socketTimeoutMs,
        expungeHandler: async (e) => {
          if (e.vanished && 'uid' in e && typeof e.uid === 'number') {
            // imapflow counts EXPUNGE in mailbox.exists but not VANISHED: a message APPENDed and another
            // expunged in the same IDLE batch (a draft replaced elsewhere) would leave the next EXISTS equal
            // to the stale count, and the new message unseen. (EARLIER) comes from SELECT: count is final.
            const mb = opened?.mailbox;
            if (mb && mb.path === e.path && !('earlier' in e && e.earlier) && mb.exists > 0) mb.exists--;
            push(this.vanished, e.path, e.uid);
            this.hooks.onMailboxEvent(e.path);
          } else {
            // EXPUNGE by sequence number: only happens without QRESYNC; a resync finds what is gone.
            this.newMailPaths.add(e.path);
            this.hooks.onMailboxEvent(e.path);
          }
        },
      }, (c) => {
        opened = c;
        c.on('flags', (e: { path: string; uid?: number; flags: Set<string>; modseq?: bigint }) => {
          if (!e.uid) return;
          push(this.flagChanges, e.path, { uid: e.uid, flags: [...e.flags], modseq: e.modseq });
          this.hooks.onMailboxEvent(e.path);
        });
        c.on('exists', (e: { path: string }) => {
          this.newMailPaths.add(e.path);
          this.hooks.onMailboxEvent(e.path);
        });
        c.on('close', () => {
          if (this.client === c) {
            this.client = null;
            this.releaseSlot();
            this.hooks.onClosed();
          }
        });
      });
      if (gen !== this.generation) {
        // close() ran while connecting: this connection must not outlive it (nor hold a slot).
        await politeClose(client);
        throw new ConnectionLostError('connect (session closed)');
      }
      this.client = client;
      this.connectionsOpened++;
      this.hooks.onConnected();
      return client;
    } catch (err) {
      this.releaseSlot();
      throw err;
    }
  }

  private releaseSlot(): void {
    if (this.holdsSlot) {
      this.holdsSlot = false;
      this.budget.release();
    }
  }

  /** Drops the current client without a LOGOUT round trip (it is dead or being replaced). */
  discard(): void {
    const c = this.client;
    this.client = null;
    if (c) {
      c.close();
    }
    this.releaseSlot();
  }

  /** Polite LOGOUT when the connection is healthy, then releases the slot. */
  async close(): Promise<void> {
    this.generation++;
    // A connection attempt in flight (slot taken, TCP/TLS/login under way) ends, and gives its slot back,
    // before this returns. One still waiting for a slot is not awaited: it gives the slot back on arrival.
    if (this.connecting && this.holdsSlot) await this.connecting.catch(() => undefined);
    const c = this.client;
    this.client = null;
    if (c) await politeClose(c);
    this.releaseSlot();
  }

  takeVanished(path: string): number[] {
    const v = this.vanished.get(path) ?? [];
    this.vanished.delete(path);
    return v;
  }

  takeFlagChanges(path: string): ServerFlagChange[] {
    const v = this.flagChanges.get(path) ?? [];
    this.flagChanges.delete(path);
    return v;
  }

  clearBuffers(path: string): void {
    this.vanished.delete(path);
    this.flagChanges.delete(path);
    this.newMailPaths.delete(path);
  }
}

/**
 * LOGOUT, then wait (2 s at most) for the server to close its end before the caller gives the slot back: a
 * connection opened at once would otherwise overlap this one at the operator, which counts live sessions.
 */
async function politeClose(c: ImapFlow): Promise<void> {
  if (c.usable) {
    const serverClosed = new Promise<void>((r) => c.once('close', () => r()));
    try {
      await Promise.race([c.logout().then(() => serverClosed), new Promise((r) => setTimeout(r, 2_000))]);
    } catch {
      // closing anyway
    }
  }
  c.close();
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
