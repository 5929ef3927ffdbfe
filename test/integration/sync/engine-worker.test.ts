// The engine in its worker thread (spawned from the .ts source through tsx), driven over the typed
// protocol: the main thread keeps only a read-only store connection and answers credential requests.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineWorkerHost } from '../../../main/sync/engine-host';
import { resolveWorkerEntry } from '../../../main/sync/resolve-worker-entry';
import type { EngineEvent } from '../../../main/sync/types';
import { openReader } from '../../../main/store/open-store';
import { account, runCleanups, deleteFolder, seedFolder, serverClient, serverUids, tempStore, TEST_BAL, uniqueFolder, waitFor } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));

describe('engine worker', () => {
  it('syncs off the main thread; reads through a read-only connection; changes and events cross the boundary', async () => {
    const folder = uniqueFolder('worker');
    const server = await serverClient();
    cleanups.push(async () => {
      await server.logout().catch(() => {});
      await deleteFolder(folder);
    });
    await seedFolder(server, folder, 25);
    const store = tempStore();
    // The worker opens its own writer; close this one first (one writer per database).
    store.writer.close();
    cleanups.push(() => store.close());

    const entry = resolveWorkerEntry();
    expect(entry.file.endsWith('engine-worker.ts')).toBe(true);
    const credentialCalls: Array<{ bal: string; forceRefresh: boolean }> = [];
    const host = new EngineWorkerHost({ dbFile: store.file, keyHex: store.keyHex, options: { pollIntervalMs: 60_000 } }, async (bal, o) => {
      credentialCalls.push({ bal, forceRefresh: o.forceRefresh });
      return { user: bal, auth: { kind: 'password', pass: TEST_BAL.password } };
    }, entry);
    cleanups.push(() => host.terminate());
    const events: EngineEvent[] = [];
    host.on((e) => events.push(e));
    await host.ready;

    const accountId = await host.start(account(folder));
    expect(accountId).toBeGreaterThan(0);
    const reader = openReader(store.file, store.keyHex);
    cleanups.push(() => reader.close());
    const f = await waitFor(() => {
      const x = reader.getFolderByPath(accountId, folder);
      return x && x.highestmodseq !== null && reader.listMessages(x.id, { limit: 100 }).length === 25 ? x : null;
    }, 20_000, 'worker sync visible to the reader');
    expect(events.some((e) => e.type === 'connectivity' && e.online)).toBe(true);
    expect(events.some((e) => e.type === 'messagesChanged')).toBe(true);
    expect(credentialCalls.length).toBeGreaterThanOrEqual(1);
    expect(credentialCalls.every((c) => c.bal === TEST_BAL.address)).toBe(true);

    const m = reader.listMessages(f.id)[0]!;
    await host.setActiveFolder(TEST_BAL.address, f.id);
    const changeIds = await host.applyChange({ kind: 'flags', messageIds: [m.id], add: ['flagged'] });
    expect(changeIds.length).toBe(1);
    await waitFor(() => reader.countPendingChanges() === 0, 10_000, 'replayed by the worker');
    await server.mailboxOpen(folder);
    const one = await server.fetchOne(String(m.uid), { uid: true, flags: true }, { uid: true });
    expect(one && one.flags!.has('\\Flagged')).toBe(true);
    expect(await host.fetchBody(m.id)).toBe(true);
    expect(reader.getBody(m.id)!.text).toContain('numéro');
    const st = await host.stats();
    expect(st.connectionsOpen).toBeGreaterThanOrEqual(1);
    expect((await host.connectivity(TEST_BAL.address)).online).toBe(true);
    // The sending side's IMAP work (main/send asks the engine) crosses the boundary, bytes both ways.
    const source = await host.fetchSource(m.id);
    expect(source).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(source!).toString('utf8')).toMatch(/^Message-ID: /im);
    expect((await host.fetchHeaders(m.id, ['message-id']))['message-id']).toMatch(/^<.+@.+>$/);
    const sentId = `<worker-${Date.now().toString(36)}@test.mssante.fr>`;
    cleanups.push(async () => {
      const c = await serverClient();
      try {
        await c.mailboxOpen('Sent');
        const uids = await c.search({ header: { 'message-id': sentId } }, { uid: true });
        if (uids && uids.length > 0) await c.messageDelete(uids.join(','), { uid: true });
      } finally {
        await c.logout().catch(() => {});
      }
    });
    const raw = Buffer.from(`From: <${TEST_BAL.address}>\r\nTo: <${TEST_BAL.address}>\r\nSubject: worker\r\nMessage-ID: ${sentId}\r\n\r\nCopie.\r\n`);
    expect(await host.locateSent(TEST_BAL.address, sentId, true)).toEqual({ inSent: false, inInbox: false });
    expect(await host.appendSent(TEST_BAL.address, raw, sentId)).toBe(true);
    expect(await host.appendSent(TEST_BAL.address, raw, sentId)).toBe(false); // never twice
    expect(await host.locateSent(TEST_BAL.address, sentId, false)).toEqual({ inSent: true, inInbox: false });
    // A BAL the engine does not sync: offline for the sending side (it retries later), never a connection of its own.
    await expect(host.locateSent('inconnu@test.mssante.fr', sentId, false)).rejects.toMatchObject({ code: 'OFFLINE' });
    // Errors come back as codes with French messages.
    await expect(host.setActiveFolder('inconnu@test.mssante.fr', 1)).rejects.toMatchObject({ code: 'SYNC_ERROR' });
    expect((await serverUids(server, folder)).length).toBe(25);
    await host.stop();
  });
});
