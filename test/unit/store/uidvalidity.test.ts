import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStore, msg, seedAccount, type TestStore } from './helpers';

let s: TestStore;
beforeEach(() => (s = makeStore()));
afterEach(() => s.close());

describe('UIDVALIDITY change', () => {
  it('hides old rows at once, reconciles by Message-ID after resync, then drops what did not come back', () => {
    const { accountId, inbox } = seedAccount(s.writer);
    const [a, b, c, d] = s.writer.upsertMessages(inbox, 1000, [msg(1), msg(2), msg(3), msg(4)]).ids;
    s.writer.storeBody(a!, { text: 'corps conservé' });
    s.writer.setArchived([d!], true);
    s.writer.changeFlagsLocally([a!], { add: ['seen'] }); // queued for uid 1 @ 1000
    s.writer.changeFlagsLocally([c!], { add: ['flagged'] }); // message 3 will not come back

    // The server now says UIDVALIDITY 1001 (folder recreated): detected by upsertFolder.
    const r = s.writer.upsertFolder(accountId, { path: 'INBOX', delimiter: '/', uidvalidity: 1001, uidnext: 10 });
    expect(r).toEqual({ id: inbox, uidValidityChanged: true });
    expect(s.reader.getFolder(inbox)).toMatchObject({ uidvalidity: 1001, uidnext: 10, highestmodseq: null });
    expect(s.reader.listMessages(inbox)).toEqual([]); // never show rows with meaningless UIDs
    expect(s.reader.getMessage(a!)).toBeNull();
    expect(s.reader.search('message')).toEqual([]);

    // Resync under the new UIDVALIDITY: messages 1 and 2 come back with new UIDs, plus a new one.
    const up = s.writer.upsertMessages(inbox, 1001, [
      msg(7, { messageId: '<m1@test.mssante.fr>', subject: 'Message 1', flags: ['\\Seen'] }),
      msg(8, { messageId: '<m2@test.mssante.fr>', subject: 'Message 2' }),
      msg(9, { messageId: '<new@test.mssante.fr>' }),
    ]);
    expect(up).toMatchObject({ reconciled: 2, inserted: 1, updated: 0 });
    expect(up.ids.slice(0, 2)).toEqual([a, b]); // same rows: body and local state kept
    expect(s.reader.getMessage(a!)).toMatchObject({ uid: 7, uidvalidity: 1001, seen: true, bodyState: 'full' });
    expect(s.reader.getBody(a!)?.text).toBe('corps conservé');
    // The queued change follows the message to its new UID.
    expect(s.writer.takeChanges().map((ch) => [ch.uid, ch.uidvalidity])).toEqual([[7, 1001], [3, 1000]]);

    const done = s.writer.finishUidValidityResync(inbox);
    expect(done).toEqual({ removed: 1, keptArchived: 1 });
    expect(s.reader.getMessage(c!)).toBeNull();
    expect(s.reader.getMessage(d!)).toMatchObject({ archived: true, onServer: false });
    expect(s.writer.takeChanges().map((ch) => ch.uid)).toEqual([7]); // change for the vanished message dropped
    // Reconciled rows keep their date (same message): order is by date, not by new UID.
    // The archived message no longer on the server lives in the local archive view, not in the folder.
    expect(s.reader.listMessages(inbox).map((m) => m.uid)).toEqual([9, 8, 7]);
    expect(s.reader.listMessages(inbox, { archivedOnly: true }).map((m) => m.uid)).toEqual([4]);
  });

  it('upsertFolder with the same UIDVALIDITY changes nothing', () => {
    const { accountId, inbox } = seedAccount(s.writer);
    s.writer.upsertMessages(inbox, 1000, [msg(1)]);
    expect(s.writer.upsertFolder(accountId, { path: 'INBOX', delimiter: '/', uidvalidity: 1000 }).uidValidityChanged).toBe(false);
    expect(s.reader.listMessages(inbox)).toHaveLength(1);
  });
});
