// Crash safety and the policy, against the sandbox Dovecot (lab BAL, dedicated folders).
//  - A process killed (SIGKILL) between the local archive commit and the server deletion loses nothing:
//    the server copy is still there, the local copy is verified; a new engine completes the deletion by
//    itself, and archiving again is idempotent (no second fetch, no second audit entry).
//  - The policy archives only messages that are seen and older than N days.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveReader } from '../../../main/archive/archive-reader';
import { DAY_MS } from '../../../main/archive/policy';
import { setArchivePolicy } from '../../../main/archive/policy-store';
import { openWriter } from '../../../main/store/open-store';
import { archiveMessages, runArchiveMaintenance } from '../../../main/sync/archive-run';
import { SyncEngine } from '../../../main/sync/engine';
import { runCleanups, tempStore, waitFor } from '../sync/helpers';
import { ACTOR, LAB, archiveFolder, deleteLabFolder, labAccount, labClient, labCredentials, labMessage, serverMessageIds, serverSources, stepContext } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));
const here = path.dirname(fileURLToPath(import.meta.url));

async function syncedStore(folder: string, count: number) {
  const store = tempStore();
  cleanups.push(() => store.close());
  const engine = new SyncEngine(store.writer, labCredentials, { connectionBudget: 2, backgroundBodies: false });
  const accountId = engine.start(labAccount(folder));
  const reader = store.reader();
  const f = await waitFor(() => {
    const x = store.writer.getFolderByPath(accountId, folder);
    return x && x.highestmodseq && reader.listMessages(x.id).length === count ? x : null;
  }, 20_000, 'folder synced');
  await engine.stop();
  return { store, reader, accountId, folderId: f.id };
}

describe('local archive: crash safety and policy (sandbox Dovecot)', () => {
  it('a process killed between the local commit and the server deletion loses nothing; the replay completes', async () => {
    const folder = archiveFolder('crash');
    const server = await labClient();
    cleanups.push(async () => {
      await server.logout().catch(() => {});
      await deleteLabFolder(folder);
    });
    await server.mailboxCreate(folder);
    for (let i = 0; i < 3; i++) await server.append(folder, labMessage(i, folder));
    const originals = await serverSources(server, folder);
    const { store, accountId, folderId } = await syncedStore(folder, 3);
    const ids = store.writer.listMessages(folderId).map((m) => m.id).sort();
    // The child is the only writer while it runs.
    store.writer.close();

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash-child.ts'), store.file, store.keyHex, folder, ids.join(',')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    expect(exit, stderr.slice(0, 2000)).toEqual({ code: null, signal: 'SIGKILL' });

    // After the crash: one message archived (committed), its server copy still there, nothing lost.
    const writer = openWriter(store.file, store.keyHex);
    cleanups.push(() => writer.close());
    const reader = store.reader();
    const states = ids.map((id) => reader.getMessage(id)!);
    const archived = states.filter((m) => m.archived);
    expect(archived).toHaveLength(1);
    expect(archived[0]!.onServer).toBe(true);
    expect((await serverMessageIds(server, folder)).length).toBe(3);
    const ar = new ArchiveReader(reader);
    expect(ar.raw(archived[0]!.id)!.equals(originals.get(archived[0]!.messageId!)!)).toBe(true);

    // Replay: a new engine finishes the interrupted deletion on its own (maintenance after its sync round)...
    const engine = new SyncEngine(writer, labCredentials, { connectionBudget: 2, backgroundBodies: false });
    cleanups.push(() => engine.stop());
    engine.start(labAccount(folder));
    await waitFor(() => reader.getMessage(archived[0]!.id)?.onServer === false, 20_000, 'interrupted deletion completed');
    expect((await serverMessageIds(server, folder)).sort()).toEqual(states.filter((m) => !m.archived).map((m) => m.messageId!).sort());
    // ...and archiving everything again is idempotent.
    const r = await engine.archive(ids, { actor: ACTOR });
    expect(r.failed).toEqual([]);
    expect(r.removedFromServer.sort()).toEqual(ids);
    expect(await serverMessageIds(server, folder)).toEqual([]);
    expect(ids.every((id) => reader.getMessage(id)!.archived && !reader.getMessage(id)!.onServer)).toBe(true);
    for (const id of ids) expect(ar.raw(id)!.equals(originals.get(reader.getMessage(id)!.messageId!)!)).toBe(true);
    const audit = reader.listAudit().filter((e) => e.action === 'archive');
    expect(audit).toHaveLength(3);
    expect(new Set(audit.map((e) => e.target)).size).toBe(3);
    expect(accountId).toBeGreaterThan(0);
  });

  it('the policy archives only seen messages older than N days', async () => {
    const folder = archiveFolder('policy');
    const server = await labClient();
    cleanups.push(async () => {
      await server.logout().catch(() => {});
      await deleteLabFolder(folder);
    });
    await server.mailboxCreate(folder);
    const now = Date.now();
    const old = new Date(now - 40 * DAY_MS);
    const recent = new Date(now - 2 * DAY_MS);
    // 0: seen + old → archived; 1: unread + old; 2: seen + recent; 3: seen + old → archived
    await server.append(folder, labMessage(0, folder, { date: old }), ['\\Seen'], old);
    await server.append(folder, labMessage(1, folder, { date: old }), [], old);
    await server.append(folder, labMessage(2, folder, { date: recent }), ['\\Seen'], recent);
    await server.append(folder, labMessage(3, folder, { date: old }), ['\\Seen', '\\Flagged'], old);
    const { store, reader } = await syncedStore(folder, 4);
    setArchivePolicy(store.writer, LAB.address, { days: 30, serverAction: 'expunge' }, ACTOR.idNat);

    const { ctx, client } = await stepContext(store.writer, folder);
    cleanups.push(() => client.logout().catch(() => {}));
    const r = await runArchiveMaintenance(ctx, client, { folderFilter: (f) => f.path === folder });
    const mid = (i: number) => `<a${i}.${folder}@test.mssante.fr>`;
    expect(r!.failed).toEqual([]);
    expect(r!.removedFromServer.map((id) => reader.getMessage(id)!.messageId).sort()).toEqual([mid(0), mid(3)].sort());
    expect((await serverMessageIds(server, folder)).sort()).toEqual([mid(1), mid(2)].sort());
    const audit = reader.listAudit().filter((e) => e.action === 'archive');
    expect(audit).toHaveLength(2);
    expect(audit.every((e) => e.idnat === ACTOR.idNat && e.detail?.mode === 'automatique')).toBe(true);
    // Nothing more to do on the next round.
    expect(await runArchiveMaintenance(ctx, client, { folderFilter: (f) => f.path === folder })).toBeNull();
  });

  it('never deletes the server copy when the stored copy no longer verifies', async () => {
    const folder = archiveFolder('tamper');
    const server = await labClient();
    cleanups.push(async () => {
      await server.logout().catch(() => {});
      await deleteLabFolder(folder);
    });
    await server.mailboxCreate(folder);
    await server.append(folder, labMessage(0, folder));
    const { store, reader, folderId } = await syncedStore(folder, 1);
    const id = reader.listMessages(folderId)[0]!.id;
    const { ctx, client } = await stepContext(store.writer, folder);
    cleanups.push(() => client.logout().catch(() => {}));
    const db = (store.writer as unknown as { db: { prepare(sql: string): { run(...a: unknown[]): unknown } } }).db;
    const r = await archiveMessages(ctx, client, [id], {
      actor: ACTOR,
      // Between the commit and the deletion the stored source goes bad (disk fault, bug): deletion refused.
      afterCommit: () => void db.prepare(`UPDATE raw_messages SET encoding = 'identity', data = zeroblob(16)`).run(),
    });
    expect(r.failed).toEqual([{ id, reason: 'hash-mismatch-record' }]);
    expect(r.removedFromServer).toEqual([]);
    expect(await serverMessageIds(server, folder)).toEqual([`<a0.${folder}@test.mssante.fr>`]);
    expect(reader.getMessage(id)).toMatchObject({ archived: true, onServer: true });
    // The maintenance round refuses as well while the copy is bad.
    await runArchiveMaintenance(ctx, client, { folderFilter: () => false });
    expect(await serverMessageIds(server, folder)).toHaveLength(1);
  });
});
