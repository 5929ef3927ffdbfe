import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Flag } from '../../../main/store/flags';
import { dateOfId } from '../../../main/store/ids';
import { makeStore, msg, seedAccount, type TestStore } from './helpers';

let s: TestStore;
beforeEach(() => {
  s = makeStore();
});
afterEach(() => s.close());

const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

describe('accounts and folders', () => {
  it('upserts accounts by address (case-insensitive) and lists them', () => {
    const id = s.writer.upsertAccount({ address: 'Cabinet.Saint-Roch@test.mssante.fr', type: 'CAB', label: 'Cabinet' });
    expect(s.writer.upsertAccount({ address: 'cabinet.saint-roch@test.mssante.fr', type: 'CAB', label: 'Cabinet médical' })).toBe(id);
    expect(s.reader.listAccounts()).toMatchObject([{ id, type: 'CAB', label: 'Cabinet médical' }]);
    expect(() => s.writer.upsertAccount({ address: 'x@y', type: 'XYZ' as never })).toThrow(/CHECK/);
  });

  it('builds the folder tree with unread/total counts, INBOX first', () => {
    const { accountId, inbox } = seedAccount(s.writer);
    const a = s.writer.upsertFolder(accountId, { path: 'Archives', delimiter: '/' }).id;
    const a2025 = s.writer.upsertFolder(accountId, { path: 'Archives/2025', delimiter: '/' }).id;
    s.writer.upsertFolder(accountId, { path: 'Orphan/Child', delimiter: '/' });
    s.writer.upsertMessages(inbox, 1000, [msg(1), msg(2, { flags: ['\\Seen'] }), msg(3)]);
    s.writer.upsertFolder(accountId, { path: 'Archives/2025', delimiter: '/', uidvalidity: 5 });
    s.writer.upsertMessages(a2025, 5, [msg(1)]);
    const tree = s.reader.folderTree(accountId);
    expect(tree.map((n) => n.path)).toEqual(['INBOX', 'Sent', 'Archives', 'Orphan/Child']);
    expect(tree[0]).toMatchObject({ unread: 2, total: 3 });
    const archives = tree.find((n) => n.id === a)!;
    expect(archives.children.map((c) => [c.name, c.unread])).toEqual([['2025', 1]]);
    expect(s.reader.unreadCounts([accountId, 999])).toEqual([
      { accountId, unread: 3, folders: expect.arrayContaining([{ folderId: inbox, unread: 2 }, { folderId: a2025, unread: 1 }]) },
      { accountId: 999, unread: 0, folders: [] },
    ]);
  });

  it('keeps CONDSTORE state (64-bit MODSEQ as text)', () => {
    const { inbox } = seedAccount(s.writer);
    s.writer.setFolderSyncState(inbox, { uidnext: 42, highestmodseq: 18446744073709551000n });
    expect(s.reader.getFolder(inbox)).toMatchObject({ uidnext: 42, highestmodseq: '18446744073709551000', uidvalidity: 1000 });
  });
});

describe('messages', () => {
  it('inserts a batch, then only updates server state on the second pass', () => {
    const { inbox } = seedAccount(s.writer);
    const first = s.writer.upsertMessages(inbox, 1000, [msg(1), msg(2, { flags: ['\\Seen', '$Forwarded', '\\Recent'] })]);
    expect(first).toMatchObject({ inserted: 2, updated: 0 });
    const again = s.writer.upsertMessages(inbox, 1000, [msg(2, { subject: 'ignored', flags: ['\\Flagged'] })]);
    expect(again).toMatchObject({ inserted: 0, updated: 1, ids: [first.ids[1]] });
    const m2 = s.reader.getMessage(first.ids[1]!)!;
    expect(m2.subject).toBe('Message 2');
    expect(m2.flags).toBe(Flag.flagged);
    expect(m2.keywords).toEqual([]);
    s.writer.upsertMessages(inbox, 1000, [{ ...msg(2), flags: undefined }]); // headers-only refresh keeps flags
    expect(s.reader.getMessage(first.ids[1]!)!.flags).toBe(Flag.flagged);
    const m1 = s.reader.getMessage(first.ids[0]!)!;
    expect(m1).toMatchObject({ uid: 1, seen: false, from: { address: 'bob.durand@test.mssante.fr' }, bodyState: 'headers' });
  });

  it('gives ids that follow the date, even when older mail is back-filled later', () => {
    const { inbox } = seedAccount(s.writer);
    const recent = s.writer.upsertMessages(inbox, 1000, [msg(100), msg(101)]).ids;
    const old = s.writer.upsertMessages(inbox, 1000, [msg(5), msg(6, { date: msg(5).date })]).ids;
    expect(Math.max(...old)).toBeLessThan(Math.min(...recent));
    expect(old[1]).toBe(old[0]! + 1); // same millisecond: next slot
    expect(dateOfId(recent[0]!)).toBe(msg(100).date);
  });

  it('lists a folder newest first with keyset pagination, unread filter and ascending sort', () => {
    const { inbox } = seedAccount(s.writer);
    s.writer.upsertMessages(inbox, 1000, Array.from({ length: 25 }, (_, i) => msg(i + 1, { flags: i % 2 ? ['\\Seen'] : [] })));
    const p1 = s.reader.listMessages(inbox, { limit: 10 });
    expect(p1.map((m) => m.uid)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    const p2 = s.reader.listMessages(inbox, { limit: 10, beforeRowid: p1.at(-1)!.id });
    expect(p2[0]!.uid).toBe(15);
    s.writer.deleteByUids(inbox, 1000, [p2.at(-1)!.uid]); // the cursor row is expunged meanwhile
    const p3 = s.reader.listMessages(inbox, { limit: 10, beforeRowid: p2.at(-1)!.id });
    expect(p3.map((m) => m.uid)).toEqual([5, 4, 3, 2, 1]);
    expect(s.reader.listMessages(inbox, { unreadOnly: true, limit: 100 }).every((m) => !m.seen)).toBe(true);
    expect(s.reader.listMessages(inbox, { unreadOnly: true, limit: 100 })).toHaveLength(13); // uid 6 (seen) was deleted
    const asc = s.reader.listMessages(inbox, { sort: 'date-asc', limit: 3 });
    expect(asc.map((m) => m.uid)).toEqual([1, 2, 3]);
    expect(s.reader.listMessages(inbox, { sort: 'date-asc', limit: 2, beforeRowid: asc.at(-1)!.id }).map((m) => m.uid)).toEqual([4, 5]);
  });

  it('stores bodies and attachments once (deduplicated by hash) and builds the preview', () => {
    const { inbox, sent } = seedAccount(s.writer);
    const [a] = s.writer.upsertMessages(inbox, 1000, [msg(1)]).ids;
    const [b] = s.writer.upsertMessages(sent, 2000, [msg(1, { messageId: '<copy@x>' })]).ids;
    const pdf = Buffer.from('%PDF-1.4 compte rendu');
    const text = 'Bonjour,\n\n  veuillez trouver ci-joint le compte rendu.\n' + 'x'.repeat(300);
    s.writer.storeBody(a!, { text, html: null, rawSize: 1234 }, [{ part: '2', sha256: sha(pdf), size: pdf.length, mime: 'application/pdf', filename: 'cr.pdf' }]);
    s.writer.storeBody(b!, { text, html: null }, [{ part: '2', sha256: sha(pdf), size: pdf.length, mime: 'application/pdf', filename: 'cr.pdf', data: pdf }]);
    const count = (t: string) => (s.writer['db'].prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    expect(count('bodies')).toBe(1);
    expect(count('attachments')).toBe(1);
    expect(s.reader.getBody(a!)).toEqual({ text, html: null, rawSize: 1234 });
    const m = s.reader.getMessage(a!)!;
    expect(m.preview).toBe(('Bonjour, veuillez trouver ci-joint le compte rendu. ' + 'x'.repeat(300)).slice(0, 200));
    expect(m.bodyState).toBe('full');
    expect(m.hasAttachments).toBe(true);
    expect(m.attachments).toMatchObject([{ part: '2', filename: 'cr.pdf', mime: 'application/pdf', fetched: true }]);
    expect(s.reader.getAttachmentData(a!, '2')).toEqual(pdf); // content fetched for b serves a too
    expect(() => s.writer.storeAttachmentData(sha(pdf), Buffer.from('other'))).toThrow(/SHA-256/);
    // After both messages are gone, garbage collection removes the shared body and attachment.
    s.writer.deleteByUids(inbox, 1000, [1]);
    expect(s.writer.collectGarbage()).toEqual({ bodies: 0, attachments: 0 });
    s.writer.deleteByUids(sent, 2000, [1]);
    expect(s.writer.collectGarbage()).toEqual({ bodies: 1, attachments: 1 });
  });

  it('indexes and previews HTML-only bodies through a text rendering', () => {
    const { inbox } = seedAccount(s.writer);
    const [id] = s.writer.upsertMessages(inbox, 1000, [msg(1)]).ids;
    s.writer.storeBody(id!, { html: '<style>p{}</style><p>R&eacute;sultat <b>glycémie</b></p>' });
    expect(s.reader.getMessage(id!)!.preview).toContain('glycémie');
    expect(s.index()).toBe(1);
    expect(s.reader.search('glycemie').map((m) => m.id)).toEqual([id]);
  });

  it('applies server flags and local flag changes (queued for the server)', () => {
    const { accountId, inbox } = seedAccount(s.writer);
    const ids = s.writer.upsertMessages(inbox, 1000, [msg(1), msg(2)]).ids;
    expect(s.writer.applyFlags(inbox, 1000, [{ uid: 1, flags: ['\\Seen', '\\Answered'], modseq: 77n }, { uid: 99, flags: [] }])).toBe(1);
    expect(s.reader.getMessage(ids[0]!)).toMatchObject({ flags: Flag.seen | Flag.answered, modseq: '77' });
    const queued = s.writer.changeFlagsLocally([ids[0]!, ids[1]!], { add: ['flagged'], remove: ['seen'] });
    expect(s.reader.getMessage(ids[0]!)!.flags).toBe(Flag.answered | Flag.flagged);
    expect(s.reader.getMessage(ids[1]!)!.flags).toBe(Flag.flagged);
    expect(queued.map((c) => [c.kind, c.uid, c.uidvalidity, c.accountId])).toEqual([['flags', 1, 1000, accountId], ['flags', 2, 1000, accountId]]);
    expect(queued[0]!.payload).toEqual({ add: ['flagged'], remove: ['seen'] });
  });

  it('deletes expunged messages but keeps archived ones as local-only copies', () => {
    const { inbox } = seedAccount(s.writer);
    const ids = s.writer.upsertMessages(inbox, 1000, [msg(1), msg(2), msg(3)]).ids;
    expect(s.writer.setArchived([ids[1]!], true)).toBe(1);
    expect(s.writer.deleteByUids(inbox, 1000, [1, 2])).toBe(1);
    expect(s.reader.getMessage(ids[0]!)).toBeNull();
    expect(s.reader.getMessage(ids[1]!)).toMatchObject({ archived: true, onServer: false });
    expect(s.reader.getMessage(ids[1]!)!.archivedAt).toBeTypeOf('number');
    expect(s.reader.listMessages(inbox, { archivedOnly: true }).map((m) => m.id)).toEqual([ids[1]]);
  });

  it('reader connection cannot write', () => {
    seedAccount(s.writer);
    expect(() => s.reader['db'].prepare(`INSERT INTO settings VALUES ('x', '1')`).run()).toThrow();
    s.writer.setSetting('ui.density', { compact: true });
    const density = z.object({ compact: z.boolean() });
    expect(s.reader.getSetting('ui.density', density)).toEqual({ compact: true });
    expect(s.reader.getSetting('missing', density)).toBeUndefined();
    // What is read is checked: a value of another shape, or not JSON, reads as absent.
    s.writer.setSetting('ui.density', { compact: 'oui' });
    expect(s.reader.getSetting('ui.density', density)).toBeUndefined();
    s.writer['db'].prepare(`UPDATE settings SET value_json = '{broken' WHERE key = 'ui.density'`).run();
    expect(s.reader.getSetting('ui.density', density)).toBeUndefined();
  });
});

describe('outbox, drafts, rights', () => {
  it('queues, claims, sends and never duplicates a Message-ID', () => {
    const { accountId } = seedAccount(s.writer);
    const raw = Buffer.from('From: a\r\n\r\nhello');
    const o1 = s.writer.enqueueOutbox({ accountId, messageId: '<o1@x>', raw, envelope: { from: 'a', to: ['b'] } });
    const dup = s.writer.enqueueOutbox({ accountId, messageId: '<o1@x>', raw: Buffer.from('other'), envelope: { from: 'a', to: ['c'] } });
    expect(dup.id).toBe(o1.id);
    s.writer.enqueueOutbox({ accountId, messageId: '<o2@x>', raw, envelope: { from: 'a', to: ['b'] } });
    const c1 = s.writer.claimNextOutbox()!;
    expect(c1).toMatchObject({ id: o1.id, state: 'sending', attempts: 1, idempotencyKey: '<o1@x>' });
    expect(c1.raw.equals(raw)).toBe(true);
    const c2 = s.writer.claimNextOutbox()!;
    expect(c2.messageId).toBe('<o2@x>');
    expect(s.writer.claimNextOutbox()).toBeNull();
    s.writer.markOutboxSent(c1.id, '250 2.0.0 Ok: queued as ABC');
    s.writer.markOutboxAppendedToSent(c1.id);
    expect(s.writer.recoverInterruptedSends()).toBe(1); // c2 was left 'sending'
    expect(s.reader.listOutbox(accountId).map((o) => [o.state, o.appendedToSent])).toEqual([['sent', true], ['interrupted', false]]);
    s.writer.requeueOutbox(c2.id);
    expect(s.reader.listOutbox(undefined, ['queued']).map((o) => o.id)).toEqual([c2.id]);
    expect(s.writer.pruneSentOutbox(Date.now() + 1)).toBe(1);
  });

  it('saves and updates drafts', () => {
    const { accountId } = seedAccount(s.writer);
    const d = s.writer.saveDraft({ accountId, subject: 'Brouillon', to: [{ address: 'bob.durand@test.mssante.fr' }], bodyText: 'texte' });
    const d2 = s.writer.saveDraft({ id: d.id, accountId, subject: 'Brouillon 2', bodyText: 'texte 2' });
    expect(d2).toMatchObject({ id: d.id, subject: 'Brouillon 2', bodyText: 'texte 2', to: [] });
    expect(s.reader.listDrafts(accountId)).toHaveLength(1);
    const other = s.writer.upsertAccount({ address: 'bob.durand@test.mssante.fr', type: 'PER' });
    expect(() => s.writer.saveDraft({ id: d.id, accountId: other, subject: 'x' })).toThrow(/another account/);
    expect(s.writer.deleteDraft(d.id)).toBe(true);
  });

  it('keeps the rights known offline per person', () => {
    s.writer.setRights('810001234567', [
      { bal: 'alice.martin@test.mssante.fr', role: 'titulaire' },
      { bal: 'cabinet.saint-roch@test.mssante.fr', role: 'cotitulaire' },
    ]);
    s.writer.setRights('810001234567', [{ bal: 'cabinet.saint-roch@test.mssante.fr', role: 'délégataire' }]);
    expect(s.reader.getRights('810001234567')).toMatchObject([{ bal: 'cabinet.saint-roch@test.mssante.fr', role: 'délégataire' }]);
    expect(s.reader.getRight('810001234567', 'CABINET.saint-roch@test.mssante.fr')?.role).toBe('délégataire');
    expect(s.writer.removeRight('810001234567', 'cabinet.saint-roch@test.mssante.fr')).toBe(true);
    expect(s.reader.getRights('810001234567')).toEqual([]);
  });
});
