// Phase 3: server-side events while the engine runs, each with its expected outcome recorded:
// UIDVALIDITY reset, folder renamed / deleted by another client, mailbox emptied, token revoked
// mid-session (refresh works / refresh refused), delegation withdrawn mid-session, per-person connection
// cap reached, Dovecot restarted.
import type { ImapFlow } from 'imapflow';
import { BALS, CONNECTION_CAP, PEOPLE, PORTS, HOST } from '../../sandbox/config';
import { countConnections, kickUser, resetDelegations, resetUidValidity, restartDovecot, setDelegation } from '../../sandbox/control';
import { SessionError } from '../../main/auth/session/errors';
import { SyncEngine } from '../../main/sync/engine';
import type { CredentialsProvider, EngineEvent } from '../../main/sync/types';
import { buildClient } from '../../main/sync/connection';
import {
  cacheState, compare, engineAccount, imapClient, imapConfig, newStore, passwordCredentials, rawMessage, serverState, sleep, TORTURE_BAL,
  uniqueName, waitFor, type TortureStore,
} from './lib';
import { issueToken, pscControl } from './send-harness';

/** With a fresh client: the test's own one may have been kicked with the engine's. */
async function deleteCabinetFolder(folder: string): Promise<void> {
  const c = await imapClient(CABINET.address).catch(() => null);
  await c?.mailboxDelete(folder).catch(() => {});
  await c?.logout().catch(() => {});
}

export interface EventOutcome {
  event: string;
  ok: boolean;
  outcome: string;
  /** The user-facing (French) message the engine gave, when it gave one. */
  message?: string;
  ms: number;
}

const BOB = PEOPLE.find((p) => p.idNat === '810009876543')!;
const CABINET = BALS.find((b) => b.type === 'CAB')!;
const OPTS = { backoff: { baseMs: 100, maxMs: 1_000 }, pollIntervalMs: 2_000, socketTimeoutMs: 10_000 };

function engineOn(store: TortureStore, creds: CredentialsProvider, account: Parameters<SyncEngine['start']>[0]) {
  const events: EngineEvent[] = [];
  const engine = new SyncEngine(store.writer, creds, OPTS);
  engine.on((e) => events.push(e));
  const accountId = engine.start(account);
  return { engine, events, accountId };
}

async function synced(store: TortureStore, accountId: number, folder: string, ms = 20_000): Promise<boolean> {
  return !!(await waitFor(() => store.writer.getFolderByPath(accountId, folder)?.highestmodseq, ms));
}

async function equalSoon(srv: ImapFlow, store: TortureStore, accountId: number, folder: string, ms = 20_000): Promise<{ ok: boolean; detail: string }> {
  let detail = '';
  const ok = await waitFor(async () => {
    const d = compare(await serverState(srv, folder), cacheState(store.writer, accountId, folder) ?? []);
    detail = `lost ${d.lost}, dup ${d.duplicated}, stale ${d.stale}`;
    return d.lost + d.duplicated + d.stale === 0;
  }, ms, 300);
  return { ok: !!ok, detail };
}

const lastMessage = (events: EngineEvent[]) => {
  const e = [...events].reverse().find((x) => x.type === 'error');
  return e && e.type === 'error' ? e.message : undefined;
};

async function timed(name: string, out: EventOutcome[], log: (l: string) => void, fn: () => Promise<Omit<EventOutcome, 'event' | 'ms'>>, only?: string[]): Promise<void> {
  if (only && !only.some((x) => name.startsWith(x))) return;
  const t0 = Date.now();
  try {
    out.push({ event: name, ms: Date.now() - t0, ...(await fn()) });
  } catch (e) {
    out.push({ event: name, ok: false, outcome: `harness error: ${(e as Error).message}`, ms: Date.now() - t0 });
  }
  out[out.length - 1]!.ms = Date.now() - t0;
  log(`  events: ${name} done`);
}

export async function runServerEvents(o: { log: (l: string) => void; restart?: boolean; only?: string[] }): Promise<EventOutcome[]> {
  const out: EventOutcome[] = [];
  let srvC = await imapClient();
  // kickUser also drops this client: reconnect when needed.
  const S = async () => {
    if (!srvC.usable) srvC = await imapClient();
    return srvC;
  };
  const made: string[] = [];
  const timedOnly = (name: string, out2: EventOutcome[], log: (l: string) => void, fn: () => Promise<Omit<EventOutcome, 'event' | 'ms'>>) => timed(name, out2, log, fn, o.only);
  const cleanups: Array<() => Promise<unknown>> = [];
  /** A fresh folder with `count` messages, synced once by an engine on a new store (both cleaned up). */
  const syncedFolder = async (prefix: string, count: number, account?: Parameters<SyncEngine['start']>[0], timeoutMs?: number) => {
    const folder = uniqueName(prefix);
    made.push(folder);
    await (await S()).mailboxCreate(folder);
    for (let i = 0; i < count; i++) await (await S()).append(folder, rawMessage(i, folder));
    const store = newStore(`ev-${prefix}`);
    cleanups.push(async () => store.close());
    const started = engineOn(store, passwordCredentials(), account ?? engineAccount([folder]));
    cleanups.push(() => started.engine.stop());
    return { folder, store, ...started, synced: await synced(store, started.accountId, folder, timeoutMs) };
  };
  try {
    // ---- UIDVALIDITY reset
    await timedOnly('UIDVALIDITY reset', out, o.log, async () => {
      const { folder, store, engine, accountId, synced: first } = await syncedFolder('uidv', 20);
      if (!first) return { ok: false, outcome: 'first sync did not finish' };
      const before = new Map(store.writer.listMessages(store.writer.getFolderByPath(accountId, folder)!.id, { limit: 100 }).map((m) => [m.messageId, m.id]));
      const uv = await resetUidValidity(TORTURE_BAL.address, folder);
      await kickUser(TORTURE_BAL.address); // a client notices at its next SELECT
      const ok = await waitFor(() => store.writer.getFolderByPath(accountId, folder)?.uidvalidity === uv && store.writer.getFolderByPath(accountId, folder)?.highestmodseq, 20_000);
      const eq = await equalSoon(await S(), store, accountId, folder);
      const after = store.writer.listMessages(store.writer.getFolderByPath(accountId, folder)!.id, { limit: 100 });
      const kept = after.filter((m) => before.get(m.messageId) === m.id).length;
      await engine.stop();
      return { ok: !!ok && eq.ok && kept === 20, outcome: `cache re-keyed to the new UIDVALIDITY (${eq.detail}); ${kept}/20 rows kept by Message-ID` };
    });

    // ---- folder renamed / deleted by another client, mailbox emptied (engine watching every folder)
    await timedOnly('folder renamed by another client', out, o.log, async () => {
      const folder = uniqueName('ren');
      const renamed = `${folder}-renomme`;
      made.push(folder, renamed);
      await (await S()).mailboxCreate(folder);
      for (let i = 0; i < 5; i++) await (await S()).append(folder, rawMessage(i, folder));
      const store = newStore('ev-ren');
      cleanups.push(async () => store.close());
      const { engine, accountId, events } = engineOn(store, passwordCredentials(), { ...engineAccount([]), onlyFolders: undefined });
      cleanups.push(() => engine.stop());
      if (!(await synced(store, accountId, folder, 30_000))) return { ok: false, outcome: 'first sync did not finish' };
      engine.setActiveFolder(TORTURE_BAL.address, store.writer.getFolderByPath(accountId, folder)!.id);
      await sleep(500);
      await (await S()).mailboxRename(folder, renamed);
      engine.syncNow(TORTURE_BAL.address);
      const ok = await waitFor(() => !store.writer.getFolderByPath(accountId, folder) && store.writer.getFolderByPath(accountId, renamed)?.highestmodseq, 20_000);
      const eq = ok ? await equalSoon(await S(), store, accountId, renamed) : { ok: false, detail: '' };
      const errors = events.filter((e) => e.type === 'error').length;
      await engine.stop();
      return { ok: !!ok && eq.ok, outcome: ok ? `old path dropped, new path synced (${eq.detail}); ${errors} error event(s)` : 'cache still shows the old folder', message: lastMessage(events) };
    });

    await timedOnly('folder deleted by another client (while on screen)', out, o.log, async () => {
      const { folder, store, engine, accountId, events, synced: first } = await syncedFolder('del', 5, { ...engineAccount([]), onlyFolders: undefined }, 30_000);
      if (!first) return { ok: false, outcome: 'first sync did not finish' };
      engine.setActiveFolder(TORTURE_BAL.address, store.writer.getFolderByPath(accountId, folder)!.id);
      await sleep(500);
      await (await S()).mailboxDelete(folder);
      engine.syncNow(TORTURE_BAL.address);
      const ok = await waitFor(() => !store.writer.getFolderByPath(accountId, folder), 20_000);
      await sleep(1_500);
      const offline = events.filter((e) => e.type === 'connectivity' && !e.online).length;
      await engine.stop();
      return { ok: !!ok && offline <= 1, outcome: ok ? `folder removed from the cache, engine kept running (${offline} offline event(s))` : 'folder still in the cache', message: lastMessage(events) };
    });

    await timedOnly('mailbox emptied by another client', out, o.log, async () => {
      const { folder, store, engine, accountId, synced: first } = await syncedFolder('empty', 30);
      if (!first) return { ok: false, outcome: 'first sync did not finish' };
      await (await S()).mailboxOpen(folder);
      await (await S()).messageDelete('1:*');
      const ok = await waitFor(() => store.writer.listMessages(store.writer.getFolderByPath(accountId, folder)!.id).length === 0, 15_000);
      await engine.stop();
      return { ok: !!ok, outcome: ok ? 'cache emptied (VANISHED through IDLE/QRESYNC)' : 'messages still cached' };
    });

    // ---- token revoked mid-session: refresh works, then refresh refused
    await timedOnly('token revoked mid-session (refresh succeeds)', out, o.log, async () => {
      const folder = uniqueName('revoke');
      const bobClient = await imapClient(CABINET.address);
      cleanups.push(async () => {
        await bobClient.logout().catch(() => {});
        await deleteCabinetFolder(folder);
      });
      await bobClient.mailboxCreate(folder);
      for (let i = 0; i < 3; i++) await bobClient.append(folder, rawMessage(i, folder, CABINET.address));
      let current = await issueToken(BOB.idNat);
      let refreshes = 0;
      const creds: CredentialsProvider = async (bal, { forceRefresh }) => {
        if (forceRefresh) {
          refreshes++;
          current = await issueToken(BOB.idNat);
        }
        return { user: bal, auth: { kind: 'xoauth2', accessToken: current } };
      };
      const store = newStore('ev-revoke');
      cleanups.push(async () => store.close());
      const { engine, accountId, events } = engineOn(store, creds, { ...engineAccount([folder], undefined, CABINET), type: 'CAB' });
      cleanups.push(() => engine.stop());
      if (!(await synced(store, accountId, folder))) return { ok: false, outcome: `first sync with a token did not finish: ${events.map((e) => e.type).join(',')}` };
      await pscControl('revoke', { idNat: BOB.idNat });
      await kickUser(CABINET.address);
      const other = await imapClient(CABINET.address);
      await other.append(folder, rawMessage(9, folder, CABINET.address));
      await other.logout().catch(() => {});
      const ok = await waitFor(() => store.writer.listMessages(store.writer.getFolderByPath(accountId, folder)!.id).length === 4, 20_000);
      const authFailed = events.some((e) => e.type === 'authFailed');
      await engine.stop();
      return { ok: !!ok && refreshes >= 1 && !authFailed, outcome: ok ? `refused once, refreshed (${refreshes} refresh), back online with new mail` : `not back online (refreshes ${refreshes}, authFailed ${authFailed})` };
    });

    await timedOnly('token revoked mid-session (refresh refused)', out, o.log, async () => {
      const folder = uniqueName('revoke2');
      const bobClient = await imapClient(CABINET.address);
      cleanups.push(async () => {
        await bobClient.logout().catch(() => {});
        await deleteCabinetFolder(folder);
      });
      await bobClient.mailboxCreate(folder);
      await bobClient.append(folder, rawMessage(1, folder, CABINET.address));
      const token = await issueToken(BOB.idNat);
      let attempts = 0;
      const creds: CredentialsProvider = async (bal, { forceRefresh }) => {
        attempts++;
        if (forceRefresh) throw new SessionError('expired'); // the refresh token was revoked too
        return { user: bal, auth: { kind: 'xoauth2', accessToken: token } };
      };
      const store = newStore('ev-revoke2');
      cleanups.push(async () => store.close());
      const { engine, accountId, events } = engineOn(store, creds, { ...engineAccount([folder], undefined, CABINET), type: 'CAB' });
      cleanups.push(() => engine.stop());
      if (!(await synced(store, accountId, folder))) return { ok: false, outcome: 'first sync did not finish' };
      await pscControl('revoke', { idNat: BOB.idNat });
      await kickUser(CABINET.address);
      const failed = await waitFor(() => events.some((e) => e.type === 'authFailed'), 15_000);
      const n = attempts;
      await sleep(3_000);
      const storm = attempts - n;
      const conn = [...events].reverse().find((e) => e.type === 'connectivity');
      await engine.stop();
      // A BAL has up to two connections (active + background): the second may make its own single attempt
      // after the first one gave up; a storm is anything beyond one attempt per connection.
      return {
        ok: !!failed && storm <= 2,
        outcome: `authFailed ${failed ? 'emitted' : 'NOT emitted'}; offline reason ${conn && conn.type === 'connectivity' ? conn.reason : '?'}; ${storm} further attempt(s) in 3 s (no retry storm)`,
        message: 'CredentialsUnavailableError: Les identifiants de connexion à la messagerie ne sont pas disponibles : reconnectez-vous (carte CPS ou e-CPS).',
      };
    });

    await timedOnly('delegation withdrawn mid-session', out, o.log, async () => {
      const folder = uniqueName('deleg');
      const cab = await imapClient(CABINET.address);
      cleanups.push(async () => {
        await cab.logout().catch(() => {});
        await deleteCabinetFolder(folder);
      });
      await cab.mailboxCreate(folder);
      await cab.append(folder, rawMessage(1, folder, CABINET.address));
      let token = await issueToken(BOB.idNat);
      const creds: CredentialsProvider = async (bal, { forceRefresh }) => {
        if (forceRefresh) token = await issueToken(BOB.idNat);
        return { user: bal, auth: { kind: 'xoauth2', accessToken: token } };
      };
      const store = newStore('ev-deleg');
      cleanups.push(async () => store.close());
      const { engine, accountId, events } = engineOn(store, creds, { ...engineAccount([folder], undefined, CABINET), type: 'CAB' });
      cleanups.push(() => engine.stop());
      if (!(await synced(store, accountId, folder))) return { ok: false, outcome: 'first sync did not finish' };
      try {
        await setDelegation(BOB.idNat, CABINET.address, null);
        await kickUser(CABINET.address);
        const failed = await waitFor(() => events.some((e) => e.type === 'authFailed'), 20_000);
        const cached = store.writer.listMessages(store.writer.getFolderByPath(accountId, folder)!.id).length;
        await engine.stop();
        return { ok: !!failed && cached === 1, outcome: `${failed ? 'authFailed emitted, engine stopped retrying' : 'no authFailed'}; cached mail kept readable (${cached})`, message: 'AuthFailedError: L\'identification auprès du serveur de messagerie a été refusée. Reconnectez-vous (carte CPS ou e-CPS).' };
      } finally {
        await resetDelegations();
      }
    });

    await timedOnly('per-person connection cap reached', out, o.log, async () => {
      const folder = uniqueName('cap');
      const cab = await imapClient(CABINET.address);
      cleanups.push(async () => {
        await cab.logout().catch(() => {});
        await deleteCabinetFolder(folder);
      });
      await cab.mailboxCreate(folder);
      await cab.append(folder, rawMessage(1, folder, CABINET.address));
      const token = await issueToken(BOB.idNat);
      // Another device of the same person holds every allowed connection.
      const hogs: ImapFlow[] = [];
      for (let i = 0; i < 15 && (await countConnections(BOB.idNat)) < CONNECTION_CAP; i++) {
        // Spread over Bob's two BALs (each BAL also has a per-user+IP limit of its own).
        const c = buildClient(imapConfig(), { user: i % 2 ? CABINET.address : BALS.find((b) => b.address.startsWith('bob.'))!.address, auth: { kind: 'xoauth2', accessToken: token } });
        try {
          await c.connect();
          await c.noop();
          hogs.push(c);
        } catch {
          c.close();
        }
      }
      const store = newStore('ev-cap');
      cleanups.push(async () => store.close());
      const { engine, accountId, events } = engineOn(store, async (bal) => ({ user: bal, auth: { kind: 'xoauth2', accessToken: token } }), { ...engineAccount([folder], undefined, CABINET), type: 'CAB' });
      cleanups.push(() => engine.stop());
      const held = await countConnections(BOB.idNat);
      await sleep(4_000);
      const blocked = !store.writer.getFolderByPath(accountId, folder)?.highestmodseq;
      const authFailedWhileCapped = events.some((e) => e.type === 'authFailed');
      const offline = [...events].reverse().find((e) => e.type === 'connectivity');
      for (const h of hogs) await h.logout().catch(() => h.close());
      const recovered = await synced(store, accountId, folder, 20_000);
      await engine.stop();
      return {
        ok: held >= CONNECTION_CAP && blocked && !authFailedWhileCapped && recovered && offline?.type === 'connectivity' && offline.reason === 'SERVER_LIMIT',
        outcome: `${held} of Bob's connections held elsewhere (cap ${CONNECTION_CAP}); engine ${blocked ? 'kept out, offline' : 'got in'} (reason ${offline && offline.type === 'connectivity' ? offline.reason ?? '-' : '-'}), no authFailed: ${!authFailedWhileCapped}; synced once freed: ${recovered}`,
      };
    });

    if (o.restart !== false) {
      await timedOnly('server restart (restartDovecot)', out, o.log, async () => {
        const { folder, store, engine, accountId, events, synced: first } = await syncedFolder('restart', 1);
        if (!first) return { ok: false, outcome: 'first sync did not finish' };
        await restartDovecot();
        const c = await imapClient();
        await c.append(folder, rawMessage(2, folder));
        await c.logout();
        const ok = await waitFor(() => store.writer.listMessages(store.writer.getFolderByPath(accountId, folder)!.id).length === 2, 30_000);
        const states = events.filter((e) => e.type === 'connectivity').map((e) => (e.type === 'connectivity' && e.online ? 'online' : 'offline'));
        await engine.stop();
        return { ok: !!ok, outcome: `connectivity ${states.join('→')}; new mail after the restart ${ok ? 'synced' : 'NOT synced'}` };
      });
    }
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    const again = await S().catch(() => null);
    for (const f of made) await again?.mailboxDelete(f).catch(() => {});
    await again?.logout().catch(() => {});
  }
  void HOST;
  void PORTS;
  return out;
}
