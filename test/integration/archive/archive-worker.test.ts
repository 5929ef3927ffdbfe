// The archive and raw-source commands across the engine worker boundary (the app's process model): the
// main thread only reads; the worker archives and deletes the server copy.
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveReader } from '../../../main/archive/archive-reader';
import { EngineWorkerHost } from '../../../main/sync/engine-host';
import { openReader } from '../../../main/store/open-store';
import { runCleanups, tempStore, waitFor } from '../sync/helpers';
import { ACTOR, LAB, archiveFolder, deleteLabFolder, labAccount, labClient, labMessage, serverMessageIds, serverSources } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));

describe('archive through the engine worker', () => {
  it('archive and ensureRaw cross the worker protocol', async () => {
    const folder = archiveFolder('worker');
    const server = await labClient();
    cleanups.push(async () => {
      await server.logout().catch(() => {});
      await deleteLabFolder(folder);
    });
    await server.mailboxCreate(folder);
    for (let i = 0; i < 2; i++) await server.append(folder, labMessage(i, folder));
    const originals = await serverSources(server, folder);
    const store = tempStore();
    store.writer.close();
    cleanups.push(() => store.close());
    const host = new EngineWorkerHost({ dbFile: store.file, keyHex: store.keyHex, options: { backgroundBodies: false } }, async () => ({ user: LAB.address, auth: { kind: 'password', pass: LAB.password } }));
    cleanups.push(() => host.terminate());
    await host.ready;
    const accountId = await host.start(labAccount(folder));
    const reader = openReader(store.file, store.keyHex);
    cleanups.push(() => reader.close());
    const f = await waitFor(() => {
      const x = reader.getFolderByPath(accountId, folder);
      return x && x.highestmodseq && reader.listMessages(x.id).length === 2 ? x : null;
    }, 20_000, 'worker sync');
    const [a, b] = reader.listMessages(f.id).sort((x, y) => x.uid - y.uid);
    expect(await host.ensureRaw([b!.id])).toEqual([b!.id]);
    const ar = new ArchiveReader(reader);
    expect(ar.raw(b!.id)!.equals(originals.get(b!.messageId!)!)).toBe(true);
    expect(reader.getMessage(b!.id)!.archived).toBe(false); // a stored source alone archives nothing

    const r = await host.archive([a!.id], { actor: ACTOR });
    expect(r).toEqual({ archived: [a!.id], removedFromServer: [a!.id], failed: [] });
    expect(await serverMessageIds(server, folder)).toEqual([b!.messageId]);
    expect(reader.getMessage(a!.id)).toMatchObject({ archived: true, onServer: false });
  });
});
