// The sending side's tables (migration 009) through SendReads / SendWrites on a real encrypted store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendReads, SendWrites } from '../../../main/store/send-queries';
import { makeStore, seedAccount, type TestStore } from './helpers';

let s: TestStore;
beforeEach(() => {
  s = makeStore();
});
afterEach(() => s.close());

const blobs = (st: TestStore) => (st.writer['db'].prepare('SELECT sha256, size FROM draft_blobs ORDER BY size').all() as { sha256: string; size: number }[]);

describe('send tables', () => {
  it('stores an attachment content once across drafts and removes it with the last draft using it', () => {
    const { accountId } = seedAccount(s.writer);
    const q = new SendWrites(s.writer);
    const scan = Buffer.alloc(4096, 7);
    const d1 = s.writer.saveDraft({ accountId, subject: 'un' });
    const d2 = s.writer.saveDraft({ accountId, subject: 'deux' });
    const opts = { requestDsn: false, requestReadReceipt: true, patientNoReply: false };
    q.putDraftState(d1.id, opts, [{ filename: 'scan.pdf', mime: 'application/pdf', content: scan }]);
    q.putDraftState(d2.id, opts, [{ filename: 'scan-copie.pdf', mime: 'application/pdf', content: scan }, { filename: 'note.txt', mime: 'text/plain', content: Buffer.from('note') }]);
    expect(blobs(s).map((b) => b.size)).toEqual([4, 4096]);
    // Saving the same draft again with the same content keeps it (the old rows go before the new ones).
    q.putDraftState(d1.id, { ...opts, fromLabel: 'Dr A' }, [{ filename: 'scan.pdf', mime: 'application/pdf', content: scan }]);
    expect(new SendReads(s.reader).draftAttachments(d1.id)[0]!.content.equals(scan)).toBe(true);
    expect(new SendReads(s.reader).draftOptions(d1.id)).toEqual({ ...opts, fromLabel: 'Dr A' });
    s.writer.deleteDraft(d1.id);
    expect(blobs(s).map((b) => b.size)).toEqual([4, 4096]); // still used by d2
    q.putDraftState(d2.id, opts, [{ filename: 'note.txt', mime: 'text/plain', content: Buffer.from('note') }]);
    expect(blobs(s).map((b) => b.size)).toEqual([4]); // the scan went with its last use
    s.writer.deleteDraft(d2.id);
    expect(blobs(s)).toEqual([]);
    expect(new SendReads(s.reader).draftOptions(d2.id)).toBeNull();
  });

  it('keeps recipients in field order with their status, and a report-only address apart', () => {
    const q = new SendWrites(s.writer);
    const meta = {
      kind: 'message' as const, messageId: '<id1@test.mssante.fr>', envelopeId: 'id1', bal: 'a@test.mssante.fr', subject: 'S',
      to: ['b@test.mssante.fr', 'C@test.mssante.fr'], cc: ['d@test.mssante.fr'], bcc: ['e@test.mssante.fr'], sentBy: null,
      requestDsn: false, requestReadReceipt: false,
      recipients: { 'c@test.mssante.fr': { address: 'C@test.mssante.fr', status: 'read' as const, detail: 'lu', at: 3 } },
    };
    q.putOutboxMeta(meta);
    q.putOutboxMeta({ ...meta, recipients: { ...meta.recipients, 'x@test.mssante.fr': { address: 'x@test.mssante.fr', status: 'failed', detail: '5.1.1', at: 4 } } });
    const back = new SendReads(s.reader).outboxMeta('<id1@test.mssante.fr>')!;
    expect(back.to).toEqual(['b@test.mssante.fr', 'C@test.mssante.fr']);
    expect(back.cc).toEqual(['d@test.mssante.fr']);
    expect(back.bcc).toEqual(['e@test.mssante.fr']);
    expect(Object.keys(back.recipients)).toEqual(['b@test.mssante.fr', 'c@test.mssante.fr', 'd@test.mssante.fr', 'e@test.mssante.fr', 'x@test.mssante.fr']);
    expect(back.recipients['c@test.mssante.fr']).toEqual({ address: 'C@test.mssante.fr', status: 'read', detail: 'lu', at: 3 });
    expect(back.recipients['x@test.mssante.fr']!.status).toBe('failed');
    expect(new SendReads(s.reader).outboxMeta("x' OR 1=1 --")).toBeNull();
  });

  it('turns a synced draft entry into a gone record holding its copies; an entry never synced just goes', () => {
    const { accountId } = seedAccount(s.writer);
    const q = new SendWrites(s.writer);
    q.putDraftSyncEntry({ draftId: 1, accountId, bal: 'a@test.mssante.fr', uuid: 'u1', revision: 2, syncedRevision: 1, dueAt: 0, copies: [{ path: 'Drafts', uidValidity: 5, uid: 9 }] });
    q.putDraftSyncEntry({ draftId: 2, accountId, bal: 'a@test.mssante.fr', uuid: 'u2', revision: 1, syncedRevision: 0, dueAt: 0, copies: [] });
    expect(q.draftSyncByCopy({ path: 'Drafts', uidValidity: 5, uid: 9 })?.draftId).toBe(1);
    expect(q.draftSyncToGone(1, 100)).toBe(true);
    expect(q.draftSyncToGone(2, 100)).toBe(false);
    expect(q.draftSyncEntries()).toEqual([]);
    const gone = q.goneDrafts();
    expect(gone).toEqual([{ id: expect.any(Number), uuid: 'u1', bal: 'a@test.mssante.fr', at: 100, copies: [{ path: 'Drafts', uidValidity: 5, uid: 9 }] }]);
    q.deleteGoneDraft(gone[0]!.id);
    expect(q.goneDrafts()).toEqual([]);
    expect(s.writer['db'].prepare('SELECT count(*) AS n FROM draft_server_copies').get()).toEqual({ n: 0 });
  });

  it('reads on the read-only connection and refuses writes there', () => {
    const { accountId } = seedAccount(s.writer);
    new SendWrites(s.writer).putMdnResponse(accountId, '<m@x>', { state: 'sent', at: 1, by: '810001234567' });
    expect(new SendReads(s.reader).mdnResponse(accountId, '<m@x>')).toEqual({ state: 'sent', at: 1, by: '810001234567' });
    expect(() => new SendWrites(s.reader as never).putMdnResponse(accountId, '<n@x>', { state: 'sent', at: 1, by: 'x' })).toThrow();
  });
});
