// Failures the engine must live with, against the sandbox Dovecot reached through a TCP proxy the test can
// cut: connection killed mid-fetch, reconnection with backoff, offline with queued changes, a crash
// between the server's OK and the local ack, refused credentials, the connection budget.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionError } from '../../../main/auth/session/errors';
import { SyncEngine } from '../../../main/sync/engine';
import { BALS } from '../../../sandbox/config';
import { plainImapClient } from '../../../sandbox/control';
import type { CredentialsProvider, EngineEvent, EngineOptions } from '../../../main/sync/types';
import {
  account, runCleanups, collect, deleteFolder, kickUser, passwordCredentials, rawMessage, seedFolder, serverClient, serverUids, startProxy,
  tempStore, TEST_BAL, uniqueFolder, waitFor, type Proxy, type TestStore,
} from './helpers';

const BAL = TEST_BAL.address;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));

async function setup(tag: string, count: number, extraFolders: string[] = []) {
  const folder = uniqueFolder(tag);
  const server = await serverClient();
  cleanups.push(async () => {
    await server.logout().catch(() => {});
    for (const f of [folder, ...extraFolders]) await deleteFolder(f);
  });
  await seedFolder(server, folder, count);
  for (const f of extraFolders) await server.mailboxCreate(f);
  const store = tempStore();
  cleanups.push(() => store.close());
  const proxy = await startProxy();
  cleanups.push(() => proxy.close());
  return { folder, server, store, proxy };
}

function startEngine(store: TestStore, folders: string[], proxy: Proxy, opts: EngineOptions = {}, creds: CredentialsProvider = passwordCredentials()) {
  const events: EngineEvent[] = [];
  const engine = new SyncEngine(store.writer, creds, { pollIntervalMs: 60_000, backoff: { baseMs: 100, maxMs: 1_000 }, ...opts });
  engine.on(collect(events));
  cleanups.push(() => engine.stop());
  const accountId = engine.start({ ...account(folders[0]!, proxy.port), onlyFolders: folders });
  return { engine, events, accountId };
}

const messageIdsOf = (store: TestStore, folderId: number) =>
  store.writer.listMessages(folderId, { limit: 1000 }).map((m) => m.messageId);

describe('sync engine resilience (sandbox Dovecot through a cuttable proxy)', () => {
  it('connection killed mid-fetch: resumes, nothing lost or duplicated', async () => {
    const { folder, server, store, proxy } = await setup('midfetch', 600);
    const { engine, events, accountId } = startEngine(store, [folder], proxy, { headerBatchSize: 50, backgroundBodies: false });
    // Cut every connection three times while headers are being fetched (after the first screen, then
    // further in): each time the engine reconnects and resumes from what the store holds.
    let drops = 0;
    for (const atLeast of [1, 150, 350]) {
      const reached = await waitFor(() => {
        const p = events.filter((e) => e.type === 'progress' && e.phase === 'headers');
        const last = p.at(-1);
        return last && last.type === 'progress' && last.done >= atLeast && last.done < last.total ? last : null;
      }, 15_000, `progress ≥ ${atLeast}`).catch(() => null);
      if (!reached) break;
      proxy.dropAll();
      drops++;
      await waitFor(() => events.filter((e) => e.type === 'connectivity' && !e.online).length === drops, 5_000, 'offline reported');
    }
    expect(drops).toBeGreaterThanOrEqual(2);
    const f = await waitFor(() => {
      const x = store.writer.getFolderByPath(accountId, folder);
      return x && x.highestmodseq !== null ? x : null;
    }, 20_000, 'sync completed after reconnect');
    const ids = messageIdsOf(store, f.id);
    expect(ids.length).toBe(600);
    expect(new Set(ids).size).toBe(600);
    expect(new Set(store.writer.listMessages(f.id, { limit: 1000 }).map((m) => m.uid))).toEqual(new Set(await serverUids(server, folder)));
    expect(engine.stats().connectionsOpened).toBeGreaterThanOrEqual(2);
    const states = events.filter((e) => e.type === 'connectivity').map((e) => e.type === 'connectivity' && e.online);
    expect(states).toEqual([true, ...Array.from({ length: drops }, () => [false, true]).flat()]);
  });

  it('server-side kick (doveadm): reconnects and keeps watching', async () => {
    const { folder, server, store, proxy } = await setup('kick', 3);
    const { engine, accountId } = startEngine(store, [folder], proxy);
    const f = await waitFor(() => store.writer.getFolderByPath(accountId, folder)?.highestmodseq ? store.writer.getFolderByPath(accountId, folder) : null, 10_000, 'synced');
    await waitFor(() => engine.sessionsOf(BAL).active.client?.idling, 10_000, 'IDLE');
    const opened = engine.stats().connectionsOpened;
    await kickUser(BAL); // every connection of the BAL, the test's own client included
    await waitFor(() => engine.stats().connectionsOpened > opened && engine.sessionsOf(BAL).active.client?.idling, 10_000, 'reconnected and idling');
    await server.logout().catch(() => {});
    const again = await serverClient();
    cleanups.push(() => again.logout().catch(() => {}));
    await again.append(folder, rawMessage(50, folder, { date: new Date() }));
    await waitFor(() => store.writer.listMessages(f.id).length === 4, 5_000, 'new mail after the kick');
  });

  it('reconnects with exponential backoff while the server is unreachable', async () => {
    const { folder, store, proxy } = await setup('backoff', 2);
    proxy.down();
    // One connection (budget 1), so the proxy sees the attempts of a single backoff sequence.
    const { events } = startEngine(store, [folder], proxy, { connectionBudget: 1, backoff: { baseMs: 200, maxMs: 1_600 } });
    await waitFor(() => proxy.attempts.length >= 8, 15_000, 'several attempts');
    const offline = events.find((e) => e.type === 'connectivity');
    expect(offline).toMatchObject({ online: false });
    // Attempts of one connection: gaps grow (equal jitter: each gap ≥ half its ceiling). Only lower bounds
    // here (a loaded machine stretches gaps, never shortens them); the cap is the policy's, in
    // test/unit/sync/backoff-budget.test.ts with a fake clock.
    const gaps = proxy.attempts.slice(1).map((t, i) => t - proxy.attempts[i]!);
    const late = gaps.slice(-3);
    expect(Math.max(...late)).toBeGreaterThanOrEqual(400);
    proxy.up();
    await waitFor(() => events.some((e) => e.type === 'connectivity' && e.online), 30_000, 'back online');
  });

  it('offline: local changes apply to the cache at once and replay exactly once when back', async () => {
    const dest = uniqueFolder('offline-dest');
    const { folder, server, store, proxy } = await setup('offline', 6, [dest]);
    const { engine, events, accountId } = startEngine(store, [folder, dest], proxy, { backgroundBodies: false });
    const f = await waitFor(() => store.writer.getFolderByPath(accountId, folder)?.highestmodseq ? store.writer.getFolderByPath(accountId, folder) : null, 10_000, 'synced');
    const d = await waitFor(() => store.writer.getFolderByPath(accountId, dest)?.highestmodseq ? store.writer.getFolderByPath(accountId, dest) : null, 10_000, 'dest synced');
    proxy.down();
    await waitFor(() => events.some((e) => e.type === 'connectivity' && !e.online), 5_000, 'offline');
    const since = (events.find((e) => e.type === 'connectivity' && !e.online) as { since: number }).since;
    expect(engine.connectivity(BAL)).toEqual({ online: false, since });
    const msgs = store.writer.listMessages(f.id, { limit: 100 });
    engine.applyChange({ kind: 'flags', messageIds: [msgs[0]!.id], add: ['seen', 'flagged'] });
    engine.applyChange({ kind: 'move', messageIds: [msgs[1]!.id], destFolderId: d.id });
    engine.applyChange({ kind: 'copy', messageIds: [msgs[2]!.id], destFolderId: d.id });
    // Flag the moved message in its new folder before the move reached the server (placeholder UID).
    engine.applyChange({ kind: 'flags', messageIds: [msgs[1]!.id], add: ['flagged'] });
    // Local reads reflect the changes at once.
    const reader = store.reader();
    expect(reader.getMessage(msgs[0]!.id)!.seen).toBe(true);
    expect(reader.listMessages(f.id).length).toBe(5);
    expect(reader.listMessages(d.id).length).toBe(2);
    expect(reader.countPendingChanges()).toBe(4);
    await new Promise((r) => setTimeout(r, 500));
    proxy.up();
    await waitFor(() => store.writer.countPendingChanges() === 0, 15_000, 'replayed');
    // Server: exactly one copy of each in dest, the moved one gone from the source.
    await server.mailboxOpen(dest);
    const destIds = (await server.fetchAll('1:*', { envelope: true })).map((m) => m.envelope!.messageId);
    expect(destIds.sort()).toEqual([msgs[1]!.messageId, msgs[2]!.messageId].sort());
    const flagged = await server.search({ flagged: true, seen: true }, { uid: true });
    const movedFlagged = await server.search({ flagged: true, header: { 'message-id': msgs[1]!.messageId! } }, { uid: true });
    expect(Array.isArray(movedFlagged) ? movedFlagged.length : -1).toBe(1);
    expect((await serverUids(server, folder)).length).toBe(5);
    const flaggedSrc = await server.search({ flagged: true, seen: true }, { uid: true });
    expect(Array.isArray(flagged) ? flagged.length : -1).toBe(0);
    expect(Array.isArray(flaggedSrc) ? flaggedSrc.length : -1).toBe(1);
    // Cache: placeholders got their server UIDs, no duplicates after the destination resync.
    engine.syncNow(BAL);
    await new Promise((r) => setTimeout(r, 1_000));
    const local = store.writer.listMessages(d.id, { limit: 100 });
    expect(local.length).toBe(2);
    expect(local.every((m) => m.uid > 0)).toBe(true);
  });

  it('crash between the server OK and the local ack: the replayed copy/move is not duplicated', async () => {
    const dest = uniqueFolder('crash-dest');
    const { folder, server, store, proxy } = await setup('crash', 4, [dest]);
    let { engine, accountId } = startEngine(store, [folder, dest], proxy, { backgroundBodies: false });
    const f = await waitFor(() => store.writer.getFolderByPath(accountId, folder)?.highestmodseq ? store.writer.getFolderByPath(accountId, folder) : null, 10_000, 'synced');
    const d = await waitFor(() => store.writer.getFolderByPath(accountId, dest)?.highestmodseq ? store.writer.getFolderByPath(accountId, dest) : null, 10_000, 'dest synced');
    await engine.stop();
    const msgs = store.writer.listMessages(f.id, { limit: 100 });
    // Queue a copy and a move, mark them in flight, and do them on the server (as if the app died after the OK).
    const copy = engine.queries.moveOrCopyLocally([msgs[0]!.id], d.id, true)[0]!;
    const move = engine.queries.moveOrCopyLocally([msgs[1]!.id], d.id, false)[0]!;
    engine.queries.markInFlight(copy.id);
    engine.queries.markInFlight(move.id);
    await server.mailboxOpen(folder);
    await server.messageCopy(String(msgs[0]!.uid), dest, { uid: true });
    await server.messageMove(String(msgs[1]!.uid), dest, { uid: true });
    ({ engine, accountId } = startEngine(store, [folder, dest], proxy, { backgroundBodies: false }));
    await waitFor(() => store.writer.countPendingChanges() === 0, 15_000, 'replayed');
    await server.mailboxOpen(dest);
    const destIds = (await server.fetchAll('1:*', { envelope: true })).map((m) => m.envelope!.messageId);
    expect(destIds.sort()).toEqual([msgs[0]!.messageId, msgs[1]!.messageId].sort());
    expect((await serverUids(server, folder)).length).toBe(3);
    await waitFor(() => store.writer.listMessages(d.id).length === 2 && store.writer.listMessages(d.id).every((m) => m.uid > 0), 10_000, 'dest cache settled');
  });

  it('refused credentials: asks again with forceRefresh once, then reports authFailed', async () => {
    const { folder, store, proxy } = await setup('auth', 1);
    const calls: boolean[] = [];
    const flaky: CredentialsProvider = async (bal, { forceRefresh }) => {
      calls.push(forceRefresh);
      return { user: bal, auth: { kind: 'password', pass: forceRefresh ? TEST_BAL.password : 'expired-secret' } };
    };
    const { events, accountId } = startEngine(store, [folder], proxy, { connectionBudget: 1 }, flaky);
    await waitFor(() => store.writer.getFolderByPath(accountId, folder)?.highestmodseq, 10_000, 'synced after refresh');
    expect(calls.slice(0, 2)).toEqual([false, true]);
    expect(events.some((e) => e.type === 'authFailed')).toBe(false);
    await cleanups.pop()!(); // this engine stops

    const store2 = tempStore();
    cleanups.push(() => store2.close());
    const refused: boolean[] = [];
    const bad: CredentialsProvider = async (bal, { forceRefresh }) => {
      refused.push(forceRefresh);
      return { user: bal, auth: { kind: 'password', pass: 'wrong' } };
    };
    const second = startEngine(store2, [folder], proxy, { connectionBudget: 1 }, bad);
    await waitFor(() => second.events.some((e) => e.type === 'authFailed'), 10_000, 'authFailed');
    await new Promise((r) => setTimeout(r, 500));
    // One refresh per connection attempt, then the engine stops retrying (no lockout by hammering).
    expect(second.events.filter((e) => e.type === 'authFailed').length).toBe(1);
    expect(refused.length).toBeLessThanOrEqual(4);
    await cleanups.pop()!();

    // No credentials at all (session locked): authFailed at once, no connection attempt.
    const store3 = tempStore();
    cleanups.push(() => store3.close());
    const attemptsBefore = proxy.attempts.length;
    const locked: CredentialsProvider = async () => {
      throw new SessionError('locked');
    };
    const third = startEngine(store3, [folder], proxy, { connectionBudget: 1 }, locked);
    await waitFor(() => third.events.some((e) => e.type === 'authFailed'), 5_000, 'authFailed without credentials');
    expect(third.events.find((e) => e.type === 'connectivity')).toMatchObject({ online: false, reason: 'CREDENTIALS_UNAVAILABLE' });
    expect(proxy.attempts.length).toBe(attemptsBefore);
  });

  it.each([
    { budget: 3, firstShared: false },
    { budget: 2, firstShared: true }, // the first BAL gives back its background connection
  ])('two BALs share the person\'s budget of $budget connections', async ({ budget, firstShared }) => {
    const { folder, store, proxy } = await setup('twobals', 4);
    const other = BALS.find((b) => b.type === 'CAB')!;
    const otherFolder = uniqueFolder('twobals-cab');
    const oc = await plainImapClient(other.address);
    await oc.mailboxCreate(otherFolder);
    for (let i = 0; i < 3; i++) await oc.append(otherFolder, rawMessage(i, otherFolder));
    await oc.logout();
    cleanups.push(async () => {
      const c = await plainImapClient(other.address);
      await c.mailboxDelete(otherFolder).catch(() => {});
      await c.logout().catch(() => {});
    });
    const creds: CredentialsProvider = async (bal) => {
      const b = BALS.find((x) => x.address === bal)!;
      return { user: b.address, auth: { kind: 'password', pass: b.password } };
    };
    const { engine, accountId } = startEngine(store, [folder], proxy, { connectionBudget: budget }, creds);
    await waitFor(() => store.writer.getFolderByPath(accountId, folder)?.highestmodseq, 15_000, 'first BAL synced');
    const otherId = engine.start({ ...account(otherFolder, proxy.port), address: other.address, type: 'CAB', onlyFolders: [otherFolder] });
    await waitFor(() => store.writer.getFolderByPath(otherId, otherFolder)?.highestmodseq, 15_000, 'second BAL synced');
    const o = store.writer.getFolderByPath(otherId, otherFolder)!;
    expect(store.writer.listMessages(o.id).length).toBe(3);
    expect(engine.sessionsOf(other.address).active).toBe(engine.sessionsOf(other.address).background);
    const first = engine.sessionsOf(BAL);
    expect(first.active === first.background).toBe(firstShared);
    await new Promise((r) => setTimeout(r, 300));
    expect(proxy.open).toBeLessThanOrEqual(budget);
    expect(engine.budget.inUse).toBe(budget);
    // Both BALs still follow new mail on their active connection.
    const f = store.writer.getFolderByPath(accountId, folder)!;
    const c = await serverClient();
    await c.append(folder, rawMessage(77, folder, { date: new Date() }));
    await c.logout();
    await waitFor(() => store.writer.listMessages(f.id).length === 5, 10_000, 'new mail on the first BAL');
  });

  it('never opens more connections than the budget', async () => {
    const other = uniqueFolder('budget-b');
    const { folder, server, store, proxy } = await setup('budget', 20, [other]);
    for (let i = 0; i < 5; i++) await server.append(other, rawMessage(i, other));
    const { engine, accountId } = startEngine(store, [folder, other], proxy, { connectionBudget: 1 });
    await waitFor(() => [folder, other].every((p) => store.writer.getFolderByPath(accountId, p)?.highestmodseq), 15_000, 'both folders synced');
    const f = store.writer.getFolderByPath(accountId, folder)!;
    await waitFor(() => store.writer.listMessages(f.id, { limit: 100 }).every((m) => m.bodyState === 'full'), 15_000, 'bodies');
    // With one connection the active folder is still watched (IDLE between background work).
    engine.setActiveFolder(BAL, f.id);
    await new Promise((r) => setTimeout(r, 300));
    await waitFor(() => engine.sessionsOf(BAL).active.client?.idling, 10_000, 'IDLE');
    await server.append(folder, rawMessage(99, folder, { date: new Date() }));
    await waitFor(() => store.writer.listMessages(f.id, { limit: 100 }).length === 21, 5_000, 'new mail on the single connection');
    expect(proxy.maxOpen).toBe(1);
    expect(engine.budget.inUse).toBeLessThanOrEqual(1);
  });
});
