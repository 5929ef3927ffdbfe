// Issue 14.8: the load scenario's server vs cache comparison walks the SERVER's folder list (LIST over
// plain IMAP, sandbox/control.ts plainImapClient), not only the folders the cache knows. Here the cache
// mirrors every server folder of the torture BAL but one folder made on the server, and keeps one folder
// the server never had: the comparison must see both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { plainImapClient } from '../../../sandbox/control';
import { newStore, rawMessage, TORTURE_BAL, uniqueName, type TortureStore } from '../../torture/lib';
import { compareWithServer, serverFolderPaths, serverUidsAndIds } from '../../torture/server-compare';

let c: ImapFlow;
let store: TortureStore;
const unknown = uniqueName('torture-cmp-unknown');
const gone = uniqueName('torture-cmp-gone');

beforeAll(async () => {
  c = await plainImapClient(TORTURE_BAL.address);
  store = newStore('server-compare');
});
afterAll(async () => {
  await c?.mailboxDelete(unknown).catch(() => {});
  await c?.logout().catch(() => c.close());
  store?.close();
});

describe('torture: server vs cache over the server folder list', () => {
  it('a server folder the cache never learnt counts as missing with its mail lost; a cached folder gone from the server as stale', async () => {
    const w = store.writer;
    const account = w.upsertAccount({ address: TORTURE_BAL.address, type: 'APP' });
    // The cache learns every folder the server lists now, with every message (UID + Message-ID).
    let mirrored = 0;
    for (const path of await serverFolderPaths(c)) {
      const box = await c.mailboxOpen(path, { readOnly: true });
      const folder = w.upsertFolder(account, { path, delimiter: '/', uidvalidity: Number(box.uidValidity) }).id;
      const server = [...(await serverUidsAndIds(c, path))];
      if (server.length) w.upsertMessages(folder, Number(box.uidValidity), server.map(([uid, messageId]) => ({ uid, messageId, subject: 'x', date: Date.now() })));
      mirrored += server.length;
    }
    expect(await compareWithServer(c, w, account)).toMatchObject({ messages: mirrored, lost: 0, duplicated: 0, stale: 0, missingFolders: 0, staleFolders: 0 });

    // Then: a folder with 3 messages appears on the server only, and the cache holds a folder with 2 rows
    // that the server does not list.
    await c.mailboxCreate(unknown);
    for (let i = 0; i < 3; i++) await c.append(unknown, rawMessage(i, unknown));
    const ghost = w.upsertFolder(account, { path: gone, delimiter: '/', uidvalidity: 1 }).id;
    w.upsertMessages(ghost, 1, [1, 2].map((uid) => ({ uid, messageId: `<ghost-${uid}@torture>`, subject: 'x', date: Date.now() })));

    const r = await compareWithServer(c, w, account);
    expect(r).toMatchObject({ messages: mirrored + 3, lost: 3, stale: 2, duplicated: 0, missingFolders: 1, staleFolders: 1 });
    expect(r.missingFolderPaths).toEqual([unknown]);
    expect(r.staleFolderPaths).toEqual([gone]);
  });
});
