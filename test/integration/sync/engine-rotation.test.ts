// More BALs than the connection budget (5 sandbox BALs, budget 2): the BAL on screen keeps its IDLE
// connection, the others are served by rotation turns. Every BAL gets new mail and queued changes in fair
// turns (counted, not timed), and never more than `budget` connections are open (engine counter and the wire, through a proxy).
import type { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../../main/sync/engine';
import { BALS } from '../../../sandbox/config';
import { plainImapClient } from '../../../sandbox/control';
import type { CredentialsProvider } from '../../../main/sync/types';
import { imapConfig, rawMessage, runCleanups, sessionCountingProxy, tempStore, uniqueFolder, waitFor } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));

const BUDGET = 2;
const POLL_MS = 1_500;
const creds: CredentialsProvider = async (bal) => ({ user: bal, auth: { kind: 'password', pass: BALS.find((b) => b.address === bal)!.password } });

async function withClient<T>(bal: string, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = await plainImapClient(bal);
  try {
    return await fn(c);
  } finally {
    await c.logout().catch(() => c.close());
  }
}

describe('connection rotation (5 BALs, budget 2)', () => {
  it('serves every BAL in fair turns, never above the budget, and gives the shown BAL its own connection at once', { timeout: 240_000 }, async () => {
    const folder = uniqueFolder('rotation');
    for (const b of BALS) {
      await withClient(b.address, async (c) => {
        await c.mailboxCreate(folder);
        await c.append(folder, rawMessage(1, folder));
      });
      cleanups.push(() => withClient(b.address, (c) => c.mailboxDelete(folder).then(() => undefined)).catch(() => undefined));
    }
    const store = tempStore();
    cleanups.push(() => store.close());
    const proxy = await sessionCountingProxy();
    cleanups.push(() => proxy.close());
    const engine = new SyncEngine(store.writer, creds, { connectionBudget: BUDGET, pollIntervalMs: POLL_MS, backoff: { baseMs: 100, maxMs: 1_000 } });
    cleanups.push(() => engine.stop());
    let maxOpen = 0;
    const sampler = setInterval(() => (maxOpen = Math.max(maxOpen, engine.stats().connectionsOpen)), 5);
    cleanups.push(() => clearInterval(sampler));

    const ids = BALS.map((b) => engine.start({ address: b.address, type: b.type, imap: imapConfig(proxy.port), onlyFolders: [folder] }));
    const count = (accountId: number) => {
      const f = store.writer.getFolderByPath(accountId, folder);
      return f?.highestmodseq ? store.writer.listMessages(f.id, { limit: 100 }).length : -1;
    };
    await waitFor(() => ids.every((id) => count(id) === 1), 30_000, 'first sync of every BAL');
    // budget 2: the first BAL keeps a connection, the 4 others share the remaining slot.
    expect(engine.stats().rotatingBals).toBe(BALS.length - 1);

    // Turns are counted, not timed (a loaded machine makes every turn slower, not the rotation unfair): a
    // rotating BAL connects once per turn.
    const turns = (i: number) => engine.sessionsOf(BALS[i]!.address).active.connectionsOpened;
    const rotating = BALS.map((_, i) => i).filter((i) => engine.sessionsOf(BALS[i]!.address).rotating);
    expect(rotating.length).toBe(BALS.length - 1);
    const spread = (since: number[]) => {
      const n = rotating.map((i) => turns(i) - since[i]!);
      return Math.max(...n) - Math.min(...n);
    };

    // New mail on every BAL: each rotating BAL finds it at its first turn after the message was appended
    // (or the next one, when a turn was under way during the append), and turns go round fairly.
    const t0Turns = BALS.map((_, i) => turns(i));
    const afterAppend: number[] = [];
    for (const [i, b] of BALS.entries()) {
      await withClient(b.address, (c) => c.append(folder, rawMessage(2, folder)).then(() => undefined));
      afterAppend[i] = turns(i);
    }
    const arrivalTurns = new Map<number, number>();
    let maxSpread = 0;
    await waitFor(() => {
      maxSpread = Math.max(maxSpread, spread(t0Turns));
      for (const [i, id] of ids.entries()) if (!arrivalTurns.has(i) && count(id) === 2) arrivalTurns.set(i, turns(i));
      return arrivalTurns.size === ids.length;
    }, 60_000, 'new mail on every BAL');
    for (const i of rotating) expect(arrivalTurns.get(i)! - afterAppend[i]!, `turns of ${BALS[i]!.address}`).toBeLessThanOrEqual(2);
    expect(maxSpread).toBeLessThanOrEqual(1);

    // Showing a rotating BAL gives it a connection of its own at once (IDLE); the longest idle resident rotates.
    const shown = BALS[3]!.address;
    const shownFolder = store.writer.getFolderByPath(ids[3]!, folder)!;
    const othersTurns = () => rotating.filter((i) => i !== 3).reduce((sum, i) => sum + turns(i), 0);
    const othersBefore = othersTurns();
    engine.setActiveFolder(shown, shownFolder.id);
    await waitFor(() => engine.sessionsOf(shown).active.client?.idling, 30_000, 'IDLE on the shown BAL');
    // At once: ahead of the rotation (at most the turn under way finished meanwhile).
    expect(othersTurns() - othersBefore).toBeLessThanOrEqual(1);
    expect(engine.stats().rotatingBals).toBe(BALS.length - 1);
    // It follows new mail through IDLE: same connection, no new SELECT.
    const shownSession = engine.sessionsOf(shown).active;
    const [opensBefore, selectsBefore] = [shownSession.connectionsOpened, shownSession.counter.byVerb.SELECT ?? 0];
    await withClient(shown, (c) => c.append(folder, rawMessage(3, folder)).then(() => undefined));
    await waitFor(() => count(ids[3]!) === 3, 30_000, 'IDLE delivery');
    expect(shownSession.connectionsOpened).toBe(opensBefore);
    expect(shownSession.counter.byVerb.SELECT ?? 0).toBe(selectsBefore);

    // A change queued on a rotating BAL reaches the server on its turn.
    const rotatingBal = BALS[0]!.address;
    const f0 = store.writer.getFolderByPath(ids[0]!, folder)!;
    const msg = store.writer.listMessages(f0.id, { limit: 10 }).find((m) => m.uid === 1)!;
    engine.applyChange({ kind: 'flags', messageIds: [msg.id], add: ['seen'] });
    expect(store.writer.countPendingChanges(ids[0]!)).toBe(1);
    await waitFor(() => store.writer.countPendingChanges(ids[0]!) === 0, 60_000, 'queued flag replayed');
    const seenOnServer = await withClient(rotatingBal, async (c) => {
      await c.mailboxOpen(folder, { readOnly: true });
      const m = await c.fetchOne('1', { flags: true }, { uid: true });
      return m ? m.flags?.has('\\Seen') : false;
    });
    expect(seenOnServer).toBe(true);

    clearInterval(sampler);
    expect(maxOpen).toBeLessThanOrEqual(BUDGET);
    expect(proxy.maxOpen).toBeLessThanOrEqual(BUDGET);
    console.log(`rotation: new mail on all ${BALS.length} BALs, turn spread ${maxSpread}; max open ${maxOpen} (wire ${proxy.maxOpen})`);
  });
});
