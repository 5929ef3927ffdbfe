// Long as-you-type prefixes are rewritten into an OR of index terms (fts-prefix.ts, fts-query.ts). These
// tests check the three things that rewrite relies on against SQLite itself: our folding/splitting of the
// typed prefix, the term list read from the index pages (vs fts5vocab, in many index shapes), and the
// search results (vs the plain prefix query).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, type Db } from '../../../main/store/db';
import { FtsTermLister, parseStructure } from '../../../main/store/fts-prefix';
import { foldTokenChar, isSafeSeparator, longPrefixQuery, toFtsQuery, withPrefixExpansions } from '../../../main/store/fts-query';
import type { SearchFilter } from '../../../main/store/types';
import { Prng } from '../../../sandbox/seed/prng';
import { makeStore, msg, seedAccount, tempDir, type TestStore } from './helpers';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function rawDb(): Db {
  const dir = tempDir('fts-prefix-');
  const db = openConnection(path.join(dir, 'x.db'), { keyHex: crypto.randomBytes(32).toString('hex') });
  cleanups.push(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

/** Same options as messages_fts (migration 001). */
const FTS_OPTIONS = `content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'`;

const ROOTS = ['consultation', 'échographie', 'hôpital', 'résultat', 'cœur', 'rénale', 'créatinine', 'kinésithérapie', 'thyroïde', 'pédiatrie', 'ordonnance', 'Ça', 'naïve', 'zoé'];
const SUFFIXES = ['', 's', 'al', 'ale', 'aux', 'ique', 'iques', 'ment', 'tion', 'isme', 'able'];
const WORDS = ROOTS.flatMap((r) => SUFFIXES.map((s) => r + s));

function text(rng: Prng, n: number): string {
  return Array.from({ length: n }, () => rng.pick(WORDS)).join(rng.pick([' ', ', ', ' - ', '. ', ' l’']));
}

describe('long prefix rewrite: folding', () => {
  it('folds and splits the typed prefix exactly like unicode61 remove_diacritics 2', () => {
    const db = rawDb();
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE tv USING fts5vocab(t, 'instance');`);
    const extra = [0x2018, 0x2019, 0x201c, 0x201d, 0x2013, 0x2014, 0x2026];
    const codePoints = [...Array.from({ length: 0x250 - 1 }, (_, i) => i + 1), ...extra];
    const insert = db.prepare('INSERT INTO t(rowid, x) VALUES (?, ?)');
    db.transaction(() => codePoints.forEach((cp) => insert.run(cp, `q${String.fromCodePoint(cp)}z`)))();
    const tokens = new Map<number, string[]>();
    for (const r of db.prepare('SELECT doc, term FROM tv ORDER BY doc, "offset"').all() as { doc: number; term: string }[]) {
      tokens.set(r.doc, [...(tokens.get(r.doc) ?? []), r.term]);
    }
    let folded = 0;
    let separators = 0;
    for (const cp of codePoints) {
      const c = String.fromCodePoint(cp);
      const f = foldTokenChar(c);
      if (f !== null) {
        folded++;
        expect({ c, tokens: tokens.get(cp) }).toEqual({ c, tokens: [`q${f}z`] });
      } else if (isSafeSeparator(c)) {
        separators++;
        expect({ c, tokens: tokens.get(cp) }).toEqual({ c, tokens: ['q', 'z'] });
      }
    }
    expect(folded).toBeGreaterThan(200); // a-z, A-Z, 0-9 and the accented Latin letters
    expect(separators).toBeGreaterThan(40);
  });

  it('rewrites only a last token longer than the prefix indexes, made of characters it folds exactly', () => {
    expect(longPrefixQuery('consultation')).toEqual({ exact: [], head: '', prefix: 'consultation', short: false });
    expect(longPrefixQuery('rénale ÉCHOGRAPH')).toEqual({ exact: ['"rénale"'], head: '', prefix: 'echograph', short: false });
    expect(longPrefixQuery('bob.durand@test.mssante')).toEqual({ exact: [], head: 'bob.durand@test.', prefix: 'mssante', short: false });
    expect(longPrefixQuery('l’échograph')).toEqual({ exact: [], head: 'l’', prefix: 'echograph', short: false });
    expect(longPrefixQuery('É')).toEqual({ exact: [], head: '', prefix: 'e', short: true }); // no 1-char prefix index
    expect(longPrefixQuery('NEAR(consultati')).toEqual({ exact: [], head: 'NEAR(', prefix: 'consultati', short: false });
    expect(longPrefixQuery('"a" OR consultati')).toEqual({ exact: ['"a"', '"OR"'], head: '', prefix: 'consultati', short: false });
    // Prefix indexes are 2 and 3 characters: a 4-character prefix is expanded too.
    expect(longPrefixQuery('écho')).toEqual({ exact: [], head: '', prefix: 'echo', short: false });
    for (const q of ['éch', 'co', 'consultation.', 'consultation', 'cœurs', 'straße', 'ab☃consultation', '', '  "  ']) {
      expect({ q, r: longPrefixQuery(q, q === 'consultation' ? { prefixLast: false } : {}) }).toEqual({ q, r: null });
    }
    const q = longPrefixQuery('"urgent" NEAR(x bob.durand@test.mssante')!;
    expect(withPrefixExpansions(q, ['mssante', 'mssantes'])).toBe('"urgent" AND "NEAR(x" AND ("bob.durand@test.mssante" OR "bob.durand@test.mssantes")');
    expect(withPrefixExpansions(q, ['mssante'])).toBe('"urgent" AND "NEAR(x" AND "bob.durand@test.mssante"');
    expect(withPrefixExpansions(q, [])).toBeNull();
    const short = longPrefixQuery('rénale m')!;
    expect(withPrefixExpansions(short, ['ma', 'mé'])).toBe('"rénale" AND ("m" OR "ma"* OR "mé"*)');
    expect(withPrefixExpansions(short, [])).toBe('"rénale" AND "m"');
  });
});

describe('long prefix rewrite: index terms', () => {
  /** The index in several shapes: many small segments, partial merges, deletions, one merged segment. */
  it('lists the same terms as fts5vocab, whatever the shape of the index', () => {
    const db = rawDb();
    db.exec(`CREATE VIRTUAL TABLE ft USING fts5(a, b, ${FTS_OPTIONS});
             CREATE VIRTUAL TABLE ftv USING fts5vocab(ft, 'row');
             INSERT INTO ft(ft, rank) VALUES ('pgsz', 64);`); // tiny pages: multi-page doclists, doclist indexes
    const lister = new FtsTermLister(db, 'ft');
    const rng = new Prng('fts-prefix-terms');
    const insert = db.prepare('INSERT INTO ft(rowid, a, b) VALUES (?, ?, ?)');
    let rowid = 0;
    const batch = (n: number) =>
      db.transaction(() => {
        for (let i = 0; i < n; i++) insert.run(++rowid, text(rng, rng.int(1, 6)), `${text(rng, rng.int(5, 30))} u${rng.int(0, 500)}`);
      })();
    const check = (exact: boolean) => {
      const vocab = (db.prepare('SELECT term FROM ftv').all() as { term: string }[]).map((r) => r.term);
      const prefixes = new Set(vocab.flatMap((t) => Array.from({ length: t.length }, (_, k) => t.slice(0, k + 1))));
      prefixes.add('zzz');
      for (const p of prefixes) {
        const want = vocab.filter((t) => t.startsWith(p)).sort();
        const got = lister.termsWithPrefix(p, 100_000);
        expect(got, p).not.toBeNull();
        if (exact) expect(got, p).toEqual(want);
        else {
          expect(got!.every((t) => t.startsWith(p)), p).toBe(true);
          expect(got, p).toEqual(expect.arrayContaining(want)); // may keep terms of deleted rows
        }
      }
      return prefixes.size;
    };
    const segments = () => parseStructure((db.prepare('SELECT block FROM ft_data WHERE id = 10').get() as { block: Buffer }).block)!;

    expect(lister.termsWithPrefix('consultation', 10)).toEqual([]); // empty index
    for (let i = 0; i < 40; i++) batch(rng.int(1, 12)); // one segment per transaction, automerged as it goes
    expect(segments().length).toBeGreaterThan(1);
    expect(check(true)).toBeGreaterThan(300);

    db.exec(`INSERT INTO ft(ft, rank) VALUES ('merge', 3)`); // stop merges midway: trimmed input segments
    for (let i = 0; i < 10; i++) {
      batch(rng.int(1, 5));
      db.exec(`INSERT INTO ft(ft, rank) VALUES ('merge', 2)`);
    }
    expect(segments().some((s) => s.first > 1)).toBe(true);
    check(true);

    db.exec(`DELETE FROM ft WHERE rowid % 3 = 0`);
    batch(20);
    check(false);

    db.exec(`INSERT INTO ft(ft) VALUES ('optimize')`);
    expect(segments()).toHaveLength(1);
    check(false);

    expect(lister.termsWithPrefix('c', 3)).toBeNull(); // more than max: keep the prefix query
    // Keys of the 2-character prefix index (index 1) that start with "c": what a 1-character prefix expands to.
    const twoChars = [...new Set((db.prepare('SELECT term FROM ftv').all() as { term: string }[]).filter((r) => r.term.startsWith('c') && [...r.term].length >= 2).map((r) => [...r.term].slice(0, 2).join('')))].sort();
    expect(twoChars.length).toBeGreaterThan(2);
    expect(lister.termsWithPrefix('c', 100, 1)).toEqual(expect.arrayContaining(twoChars));
    expect(lister.termsWithPrefix('c', 100, 1)!.every((k) => [...k].length === 2 && k.startsWith('c'))).toBe(true);
    expect(lister.termsWithPrefix('consultational', 3)).toEqual(['consultational', 'consultationale']);
  });
});

describe('long prefix rewrite: search results', () => {
  let s: TestStore;
  afterEach(() => s?.close());

  it('returns exactly the newest-first results of the plain prefix query', () => {
    s = makeStore();
    const tiny = openConnection(s.file, { keyHex: s.keyHex });
    tiny.exec(`INSERT INTO messages_fts(messages_fts, rank) VALUES ('pgsz', 128)`);
    tiny.close();
    const acc = seedAccount(s.writer);
    const rng = new Prng('fts-prefix-search');
    const people = ['Bob DURAND <bob.durand@test.mssante.fr>', 'Zoé Lefèvre <zoe.lefevre@chu.mssante.fr>', 'Çédric Naïm <cedric@test.mssante.fr>'];
    const make = (uid: number) => {
      const [name, address] = rng.pick(people).split(/ <|>/);
      return msg(uid, {
        messageId: `<g${uid}@x>`,
        subject: text(rng, rng.int(2, 6)),
        from: { name: name!, address: address! },
        body: { text: text(rng, rng.int(5, 40)) },
      });
    };
    for (let b = 0; b < 20; b++) s.writer.upsertMessages(acc.inbox, 1000, Array.from({ length: 40 }, (_, i) => make(b * 40 + i + 1)));
    s.writer.upsertMessages(acc.sent, 2000, Array.from({ length: 60 }, (_, i) => make(5000 + i))); // small folder plan
    s.writer.deleteByUids(acc.inbox, 1000, [5, 6, 7, 400]);
    s.index();

    const ref = openConnection(s.file, { keyHex: s.keyHex, readonly: true });
    cleanups.push(() => ref.close());
    const plain = (q: string, f: SearchFilter) => {
      const match = toFtsQuery(q);
      if (!match) return [];
      const where = ['messages_fts MATCH @match', 'm.stale = 0'];
      if (f.folderId !== undefined) where.push('m.folder_id = @folderId');
      if (f.beforeRowid !== undefined) where.push('f.rowid < @before');
      return (ref.prepare(`SELECT f.rowid AS id FROM messages_fts f JOIN messages m ON m.id = f.rowid
          WHERE ${where.join(' AND ')} ORDER BY f.rowid DESC LIMIT @limit`)
        .all({ match, folderId: f.folderId, before: f.beforeRowid, limit: f.limit ?? 50 }) as { id: number }[]).map((r) => r.id);
    };

    const middle = s.reader.search('consultation', { limit: 300 })[150]!.id;
    const filters: SearchFilter[] = [{}, { limit: 3 }, { limit: 120 }, { folderId: acc.sent }, { folderId: acc.inbox, limit: 10 }, { beforeRowid: middle, limit: 20 }];
    const queries = [
      ...WORDS, ...WORDS.filter((_, i) => i % 3 === 0).flatMap((w) => [w.slice(0, 7), w.toUpperCase().slice(0, 9)]),
      'echographie', 'ÉCHOGRAPHIE', 'echographiq', 'hopitaux', 'c', 'é', 'z', 'Ç', 'q', 'consultationtionxyz',
      'rénale c', 'bob.durand@test.m', 'consultation n', 'l’é',
      'rénale consultati', 'consultation rénale hôpitalis', 'résultat résultatal', 'l’échograph', 'bob.durand@test.mssante',
      'durand@test.mssan', 'zoe.lefevre@chu.mss', 'cedric mssante', 'Naïm consulta',
      '"consultation', 'consultation"', 'NEAR(consultati', 'consultation OR', 'OR consultatio', 'consultation AND résultat',
      'NOT consultation', 'subject:consultati', '{a b}: consultati', 'consultati*', '-consultation', '^consultation', 'cœurs', 'cœurtion',
    ];
    const lister = new FtsTermLister(ref);
    let rewritten = 0;
    for (const q of queries) {
      const long = longPrefixQuery(q);
      if (long && lister.termsWithPrefix(long.prefix, 64, long.short ? 1 : 0)?.length) rewritten++;
      for (const f of filters) {
        expect({ q, f, ids: s.reader.search(q, f).map((m) => m.id) }).toEqual({ q, f, ids: plain(q, f) });
      }
    }
    expect(rewritten).toBeGreaterThan(180); // the comparison did exercise the rewrite
    expect(s.reader.search('consultation', { limit: 400 }).length).toBeGreaterThan(100);
  }, 60_000);
});
