import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasUnindexedPrefix, toFtsQuery } from '../../../main/store/fts-query';
import { makeStore, msg, seedAccount, type TestStore } from './helpers';

let s: TestStore;
let ids: { echo: number; bio: number; ordo: number; cr: number; sentEcho: number };
let acc: ReturnType<typeof seedAccount>;
beforeEach(() => {
  s = makeStore();
  acc = seedAccount(s.writer);
  const r = s.writer.upsertMessages(acc.inbox, 1000, [
    msg(1, { subject: 'Écho cardiaque du patient' }),
    msg(2, { subject: 'Résultats de biologie', to: [{ name: 'Secrétariat Saint-Roch', address: 'secretariat@test.mssante.fr' }] }),
    msg(3, { subject: 'Ordonnance renouvelée' }),
    msg(4, { subject: 'Compte rendu "urgent" NEAR(fin) OR AND' }),
  ]);
  const sent = s.writer.upsertMessages(acc.sent, 2000, [msg(10, { subject: 'echo de contrôle' })]);
  ids = { echo: r.ids[0]!, bio: r.ids[1]!, ordo: r.ids[2]!, cr: r.ids[3]!, sentEcho: sent.ids[0]! };
  s.writer.storeBody(ids.ordo, { text: 'Patient allergique à la pénicilline, voir échographie.' });
});
afterEach(() => s.close());

const found = (q: string, f = {}) => {
  s.index();
  return s.reader.search(q, f).map((m) => m.id);
};

describe('full-text search', () => {
  it('ignores accents both ways ("echo" finds "Écho", "écho" finds "echo")', () => {
    const exact = { prefix: false };
    expect(found('echo', exact)).toEqual([ids.sentEcho, ids.echo]);
    expect(found('écho', exact)).toEqual([ids.sentEcho, ids.echo]);
    expect(found('echo')).toEqual([ids.sentEcho, ids.ordo, ids.echo]); // + "échographie" in a body, as a prefix
    expect(found('RESULTATS')).toEqual([ids.bio]);
  });

  it('matches prefixes of the last term (as-you-type) but whole earlier terms', () => {
    expect(found('cardi')).toEqual([ids.echo]);
    expect(found('pénicil')).toEqual([ids.ordo]);
    expect(found('cardi patient', { prefix: false })).toEqual([]);
    expect(found('echo pat')).toEqual([ids.echo]);
    expect(found('ech', { prefix: false })).toEqual([]);
  });

  it('searches subject, addresses (names and addresses) and body text', () => {
    expect(found('secretariat')).toEqual([ids.bio]);
    expect(found('bob.durand@test.mssante.fr')).toHaveLength(5);
    expect(found('allergique')).toEqual([ids.ordo]);
    expect(found('echographie')).toEqual([ids.ordo]);
  });

  it('treats FTS syntax in user input as plain text (no injection, no error)', () => {
    for (const q of ['"', '""', '"urgent', 'NEAR(', 'NEAR(fin', 'OR', 'AND', 'NOT', '*', 'subject:x', '-', '(', ')', '^echo', 'echo"', "'", '{subject}: echo']) {
      expect(() => s.reader.search(q)).not.toThrow();
    }
    expect(found('"urgent"')).toEqual([ids.cr]);
    expect(found('NEAR(fin')).toEqual([ids.cr]);
    expect(found('OR', { prefix: false })).toEqual([ids.cr]); // the word itself, not the operator
    expect(found('OR')).toEqual([ids.cr, ids.ordo]); // as a prefix: "or", "ordonnance"
    expect(found('echo OR ordonnance')).toEqual([]); // AND of three words, none has all
    expect(found('*')).toEqual([]);
    expect(found('subject:echo')).toEqual([]); // a phrase "subject echo", not a column filter
    expect(toFtsQuery('a"b NEAR(c')).toBe('"a b" "NEAR(c"*');
    expect(toFtsQuery('  "  ')).toBeNull();
    expect(hasUnindexedPrefix(toFtsQuery('éch')!)).toBe(false); // 3 chars: prefix index
    expect(hasUnindexedPrefix(toFtsQuery('écho')!)).toBe(true);
    expect(hasUnindexedPrefix(toFtsQuery('echographie')!)).toBe(true);
    expect(hasUnindexedPrefix(toFtsQuery('echographie', { prefixLast: false })!)).toBe(false);
  });

  it('returns newest first, filters by account and folder, and pages with beforeRowid', () => {
    expect(found('bob')).toEqual([ids.sentEcho, ids.cr, ids.ordo, ids.bio, ids.echo]);
    expect(found('bob', { folderId: acc.inbox, limit: 2 })).toEqual([ids.cr, ids.ordo]);
    expect(found('bob', { folderId: acc.inbox, limit: 2, beforeRowid: ids.ordo })).toEqual([ids.bio, ids.echo]);
    expect(found('echo', { folderId: acc.sent, prefix: false })).toEqual([ids.sentEcho]);
    expect(found('echo', { folderId: acc.inbox, prefix: false })).toEqual([ids.echo]);
    expect(found('bob', { accountId: acc.accountId })).toHaveLength(5);
    expect(found('bob', { accountId: acc.accountId + 1 })).toEqual([]);
    expect(found('bob', { accountIds: [acc.accountId] })).toHaveLength(5);
    expect(found('bob', { accountIds: [] })).toEqual([]);
  });

  it('turns a date range into a rowid range', () => {
    expect(found('bob', { since: msg(2).date!, until: msg(3).date! })).toEqual([ids.ordo, ids.bio]);
    expect(found('bob', { since: msg(10).date! })).toEqual([ids.sentEcho]);
  });

  it('follows updates and deletions, and never returns stale rows', () => {
    s.writer.storeBody(ids.bio, { text: 'glycémie normale' });
    expect(found('glycemie')).toEqual([ids.bio]);
    s.writer.deleteByUids(acc.inbox, 1000, [2]);
    expect(found('glycemie')).toEqual([]);
    s.writer.markUidValidityChanged(acc.inbox, 1001);
    expect(found('ordonnance')).toEqual([]);
    expect(found('echo')).toEqual([ids.sentEcho]);
  });

  it('gives the same answers in a large folder (FTS-driven plan) as in a small one', () => {
    const big = s.writer.upsertFolder(acc.accountId, { path: 'Big', delimiter: '/', uidvalidity: 1 }).id;
    s.writer.upsertMessages(big, 1, Array.from({ length: 2100 }, (_, i) => msg(i + 1, { subject: i % 100 === 0 ? 'Échographie rénale' : 'Divers', messageId: `<big${i}@x>` })));
    s.index();
    const hits = s.reader.search('echographie', { folderId: big, limit: 5 });
    expect(hits.map((m) => m.uid)).toEqual([2001, 1901, 1801, 1701, 1601]);
    expect(s.reader.search('echographie', { folderId: big, limit: 3, beforeRowid: hits[2]!.id }).map((m) => m.uid)).toEqual([1701, 1601, 1501]);
    expect(found('echographie', { folderId: acc.inbox })).toEqual([ids.ordo]);
  });

  it('indexes a body given with the headers in one pass', () => {
    const [id] = s.writer.upsertMessages(acc.inbox, 1000, [
      msg(50, { body: { text: 'Bilan lipidique joint.' }, attachments: [{ part: '2', sha256: 'a'.repeat(64), size: 10, mime: 'application/pdf', filename: 'bilan.pdf' }] }),
    ]).ids;
    expect(found('lipidique')).toEqual([id]);
    expect(s.reader.getMessage(id!)).toMatchObject({ bodyState: 'full', preview: 'Bilan lipidique joint.', hasAttachments: true, attachments: [{ filename: 'bilan.pdf', fetched: false }] });
  });
});
