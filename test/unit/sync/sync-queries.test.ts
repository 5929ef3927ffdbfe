// The store queries the sync engine added (main/store/sync-queries.ts), on a real encrypted database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWriter } from '../../../main/store/open-store';
import { SyncQueries } from '../../../main/store/sync-queries';
import type { StoreWriter } from '../../../main/store/writer';

let dir: string;
let w: StoreWriter;
let q: SyncQueries;
let accountId: number;
let inbox: number;
let archive: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syncq-'));
  w = openWriter(path.join(dir, 'c.db'), crypto.randomBytes(32).toString('hex'));
  q = new SyncQueries(w);
  accountId = w.upsertAccount({ address: 'a@test.mssante.fr', type: 'PER' });
  inbox = w.upsertFolder(accountId, { path: 'INBOX', uidvalidity: 100 }).id;
  archive = w.upsertFolder(accountId, { path: 'Archive', uidvalidity: 200 }).id;
  w.upsertMessages(inbox, 100, [1, 2, 3].map((uid) => ({ uid, messageId: `<m${uid}@x>`, date: 1_700_000_000_000 + uid, flags: [] })));
});
afterEach(() => {
  w.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const byUid = (folder: number, uv: number, uid: number) => w.getMessageByUid(folder, uv, uid);

describe('sync queries', () => {
  it('local UIDs and max UID ignore placeholders', () => {
    expect(q.localUids(inbox, 100)).toEqual([1, 2, 3]);
    expect(q.maxUid(inbox, 100)).toBe(3);
    const m = byUid(inbox, 100, 2)!;
    q.moveOrCopyLocally([m.id], archive, false);
    expect(q.localUids(inbox, 100)).toEqual([1, 3]);
    expect(q.localUids(archive, 200)).toEqual([]);
  });

  it('move: the row moves at once (same id), the source UID is protected from a resync, the server UID is claimed by Message-ID', () => {
    const m = byUid(inbox, 100, 2)!;
    const [c] = q.moveOrCopyLocally([m.id], archive, false);
    expect(c).toMatchObject({ kind: 'move', uid: 2, folderId: inbox, payload: { destFolderId: archive, messageId: '<m2@x>', placeholderRowId: m.id } });
    expect(w.listMessages(archive).map((x) => x.id)).toEqual([m.id]);
    expect(q.uidsWithPendingRemoval(inbox)).toEqual(new Set([2]));
    // A later flag change on the placeholder follows it when the server UID arrives.
    w.changeFlagsLocally([m.id], { add: ['flagged'] });
    expect(q.claimPlaceholders(archive, 200, [{ uid: 9, messageId: '<m2@x>' }])).toEqual([9]);
    expect(byUid(archive, 200, 9)!.id).toBe(m.id);
    const flagsChange = w.peekChanges().find((x) => x.kind === 'flags')!;
    expect(flagsChange).toMatchObject({ folderId: archive, uid: 9, uidvalidity: 200 });
  });

  it('moved back before the move reached the server (undo): the queued move is dropped, the row has its UID again', () => {
    const m = byUid(inbox, 100, 2)!;
    q.moveOrCopyLocally([m.id], archive, false);
    w.changeFlagsLocally([m.id], { add: ['seen'] }); // queued against the placeholder
    expect(q.moveOrCopyLocally([m.id], inbox, false)).toEqual([]);
    expect(byUid(inbox, 100, 2)!.id).toBe(m.id);
    expect(w.listMessages(archive)).toEqual([]);
    expect(w.peekChanges().map((c) => [c.kind, c.folderId, c.uid])).toEqual([['flags', inbox, 2]]);
    expect(q.uidsWithPendingRemoval(inbox)).toEqual(new Set());
  });

  it('a move already sent to the server is not cancelled by a move back (in flight: the placeholder waits)', () => {
    const m = byUid(inbox, 100, 3)!;
    const [c] = q.moveOrCopyLocally([m.id], archive, false);
    q.markInFlight(c!.id);
    expect(q.moveOrCopyLocally([m.id], inbox, false)).toEqual([]);
    expect(w.getMessage(m.id)!.folderId).toBe(archive);
    expect(w.peekChanges().map((x) => x.kind)).toEqual(['move']);
  });

  it('copy: a second row in the destination, attachments shared; resolvePlaceholder sets the UID', () => {
    const m = byUid(inbox, 100, 1)!;
    w.storeBody(m.id, { text: 'corps' }, [{ part: '2', sha256: 'a'.repeat(64), size: 3, mime: 'application/pdf', data: Buffer.from('pdf') }]);
    const [c] = q.moveOrCopyLocally([m.id], archive, true);
    const copyId = Number(c!.payload.placeholderRowId);
    expect(copyId).not.toBe(m.id);
    expect(w.listMessages(inbox).length).toBe(3);
    expect(w.getMessage(copyId)!.attachments.map((a) => a.sha256)).toEqual(['a'.repeat(64)]);
    expect(w.getBody(copyId)!.text).toBe('corps');
    q.resolvePlaceholder(copyId, 5, 200);
    expect(byUid(archive, 200, 5)!.id).toBe(copyId);
  });

  it('server flags overwrite the cache but queued local flag changes are applied again', () => {
    const m = byUid(inbox, 100, 3)!;
    w.changeFlagsLocally([m.id], { add: ['seen'] });
    w.applyFlags(inbox, 100, [{ uid: 3, flags: ['\\Flagged'] }]);
    expect(w.getMessage(m.id)!.seen).toBe(false);
    q.reapplyPendingFlags(inbox);
    const after = w.getMessage(m.id)!;
    expect(after.seen).toBe(true);
    expect(after.flags & 4).toBe(4);
  });

  it('queued keywords ($MDNSent) are applied again after a server flag sync that has not seen them yet', () => {
    const m = byUid(inbox, 100, 3)!;
    w.changeFlagsLocally([m.id], { addKeywords: ['$MDNSent'] });
    const keywords = () => w.getMessage(m.id)!.keywords;
    expect(keywords()).toEqual(['$MDNSent']);
    w.applyFlags(inbox, 100, [{ uid: 3, flags: ['\\Seen', '$Label1'] }]);
    expect(keywords()).toEqual(['$Label1']);
    q.reapplyPendingFlags(inbox);
    expect(keywords()).toEqual(['$Label1', '$MDNSent']);
    q.reapplyPendingFlags(inbox); // idempotent
    expect(keywords()).toEqual(['$Label1', '$MDNSent']);
  });

  it('delete: gone at once, queued once, its pending flag changes dropped', () => {
    const m = byUid(inbox, 100, 1)!;
    w.changeFlagsLocally([m.id], { add: ['seen'] });
    const r = q.deleteLocally([m.id]);
    expect(r.changes.map((c) => c.kind)).toEqual(['delete']);
    expect(w.getMessage(m.id)).toBeNull();
    expect(w.peekChanges().map((c) => c.kind)).toEqual(['delete']);
  });

  it('in-flight marker and on-demand attachment content swap the provisional hash', () => {
    const m = byUid(inbox, 100, 2)!;
    const [c] = q.moveOrCopyLocally([m.id], archive, true);
    q.markInFlight(c!.id);
    expect(w.peekChanges()[0]!.payload.inFlight).toBe(true);
    w.storeBody(m.id, { text: 'x' }, [{ part: '2', sha256: 'pending:1:1:100:2:2', size: 0, mime: 'application/pdf' }]);
    expect(q.attachmentInfo(m.id, '2')).toMatchObject({ fetched: false });
    const data = Buffer.from('contenu');
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    q.storeFetchedAttachment(m.id, '2', data, sha, 'application/pdf');
    expect(q.attachmentInfo(m.id, '2')).toEqual({ sha256: sha, mime: 'application/pdf', fetched: true });
    expect(w.getAttachmentData(m.id, '2')!.equals(data)).toBe(true);
  });

  it('rename keeps the folder id and its messages', () => {
    q.renameFolder(inbox, 'Boîte', 'Boîte', '/');
    expect(w.getFolder(inbox)!.path).toBe('Boîte');
    expect(w.listMessages(inbox).length).toBe(3);
  });
});
