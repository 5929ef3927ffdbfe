// Lists the index terms that start with a prefix, reading only the few FTS5 leaf pages where such terms
// begin. Used to turn a long as-you-type prefix ("consultation*", longer than every prefix index) into an
// OR of exact terms, which FTS5 walks lazily in rowid order, whereas a prefix query first merges the
// doclists of all matching terms (~300 ms for a common word at 100k messages).
//
// Why not fts5vocab: its cursor steps through every document of every term in the range to count them
// (~50 ms for "consultation" at 100k). The segment b-tree (%_idx: first term of each leaf page) lets us
// skip the doclists: only pages where a term in range starts are read (~1 ms).
//
// On-disk format (fts5_index.c, stable file format): %_data id 10 = structure record (segments); leaf page
// id = (segid << 37) + pgno; a leaf starts with u16 first-rowid offset and u16 footer offset (szLeaf); the
// footer lists the byte offset of each term on the page (delta-encoded varints); the first term on a page
// is `varint n, n bytes`, later ones `varint shared, varint n, n bytes`. Main-index terms start with '0',
// keys of prefix index i with '0' + i.
// Returned terms are a superset of the live ones (a term whose rows were all deleted may remain until a
// merge), which is harmless in an OR. Any unexpected layout returns null: callers keep the prefix query.
import type BetterSqlite3 from '../../node_modules/better-sqlite3-multiple-ciphers/index';
import type { Db } from './db';

const STRUCTURE_ID = 10;
const V2_MAGIC = [0xff, 0x00, 0x00, 0x01];
const MAIN_INDEX = 0x30; // '0'; prefix index i: '0' + i
const MAX_SEGMENTS = 2000;

interface Segment {
  segid: number;
  first: number;
  last: number;
}

/** Terms of the main index starting with `prefix`, or null (too many, or unexpected index layout). */
export class FtsTermLister {
  private readonly stmts = new Map<string, BetterSqlite3.Statement<unknown[], unknown>>();

  constructor(
    private readonly db: Db,
    private readonly table = 'messages_fts',
  ) {}

  private st(sql: string): BetterSqlite3.Statement<unknown[], unknown> {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[], unknown>(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /**
   * Distinct index terms starting with `prefix` (already folded as the tokenizer folds), sorted; null
   * when there are more than `max` or the index cannot be read as expected. `index` > 0 lists the keys
   * of that prefix index instead (1 = first length of the table's `prefix` option). Run it in the same
   * read transaction as the query that uses the terms.
   */
  termsWithPrefix(prefix: string, max: number, index = 0): string[] | null {
    if (!prefix || index < 0 || index > 31) return null;
    const lo = Buffer.concat([Buffer.from([MAIN_INDEX + index]), Buffer.from(prefix, 'utf8')]);
    const hi = nextKey(lo);
    if (!hi) return null;
    try {
      const row = this.st(`SELECT block FROM "${this.table}_data" WHERE id = ?`).get(STRUCTURE_ID) as
        | { block: Buffer }
        | undefined;
      if (!row) return [];
      const segments = parseStructure(row.block);
      if (!segments) return null;
      const found = new Set<string>();
      for (const seg of segments) {
        for (const pgno of this.candidatePages(seg, lo, hi)) {
          const page = this.st(`SELECT block FROM "${this.table}_data" WHERE id = ?`).get(
            (BigInt(seg.segid) << 37n) + BigInt(pgno),
          ) as { block: Buffer } | undefined;
          if (!page) continue; // trimmed away by an incremental merge
          if (!collectTerms(page.block, lo, hi, found)) return null;
          if (found.size > max) return null;
        }
      }
      return [...found].sort();
    } catch {
      return null;
    }
  }

  /** Leaf pages of `seg` on which a term in [lo, hi) may be. */
  private candidatePages(seg: Segment, lo: Buffer, hi: Buffer): number[] {
    const rows = this.st(
      `SELECT 0 AS k, pgno FROM (SELECT pgno FROM "${this.table}_idx" WHERE segid = @seg AND term <= @lo ORDER BY term DESC LIMIT 1)
       UNION ALL
       SELECT 1, pgno FROM "${this.table}_idx" WHERE segid = @seg AND term > @lo AND term < @hi`,
    ).all({ seg: seg.segid, lo, hi }) as { k: number; pgno: number | bigint }[];
    // Where a seek for `lo` starts, as fts5SegIterSeekInit does: the last page whose first term is <= lo,
    // or the first page when there is none or it was trimmed away by an incremental merge (stale %_idx rows
    // stay below pgnoFirst). Then every page whose first term is in range.
    let start = seg.first;
    const pages: number[] = [];
    for (const r of rows) {
      const pgno = Number(BigInt(r.pgno) >> 1n); // low bit: doclist-index flag
      if (r.k === 0) start = Math.max(start, pgno);
      else if (pgno > start && pgno <= seg.last) pages.push(pgno);
    }
    return start <= seg.last ? [start, ...pages] : pages;
  }
}

/** Smallest key greater than every key starting with `key` (null if none, all 0xff). */
function nextKey(key: Buffer): Buffer | null {
  const out = Buffer.from(key);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i]! += 1;
      return out.subarray(0, i + 1);
    }
  }
  return null;
}

/** Reads SQLite varints from a buffer. */
class VarintReader {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
  ) {}

  next(): number {
    let v = 0;
    for (let i = 0; i < 9; i++) {
      if (this.pos >= this.buf.length) throw new RangeError('varint past end');
      const b = this.buf[this.pos++]!;
      if (i === 8) return v * 256 + b;
      v = v * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) return v;
    }
    return v;
  }
}

/** Segments (non-empty) of a structure record, or null when the record is not understood. */
export function parseStructure(block: Buffer): Segment[] | null {
  const v2 = V2_MAGIC.every((b, i) => block[4 + i] === b);
  const r = new VarintReader(block, v2 ? 8 : 4); // after the configuration cookie (and the V2 marker)
  const nLevel = r.next();
  const nSegment = r.next();
  if (nLevel > 64 || nSegment > MAX_SEGMENTS) return null;
  r.next(); // write counter
  const segments: Segment[] = [];
  let seen = 0;
  for (let l = 0; l < nLevel; l++) {
    r.next(); // segments being merged
    const nTotal = r.next();
    for (let s = 0; s < nTotal; s++) {
      const segid = r.next();
      const first = r.next();
      const last = r.next();
      if (v2) for (let k = 0; k < 5; k++) r.next(); // origins, tombstone pages and entries, entries
      if (segid <= 0 || segid > 0xffff || last < first) return null;
      if (first > 0) segments.push({ segid, first, last }); // 0: emptied by a merge
      seen++;
    }
  }
  return seen === nSegment ? segments : null;
}

/** Adds the terms of a leaf page that fall in [lo, hi) to `out`; false when the page is not understood. */
function collectTerms(page: Buffer, lo: Buffer, hi: Buffer, out: Set<string>): boolean {
  if (page.length < 4) return false;
  const szLeaf = page.readUInt16BE(2);
  if (szLeaf > page.length || szLeaf < 4) return false;
  const footer = new VarintReader(page, szLeaf); // offset of each term on the page, delta-encoded
  let term = Buffer.alloc(0);
  let off = 0;
  for (let i = 0; footer.pos < page.length; i++) {
    off += footer.next();
    if (off < 4 || off >= szLeaf) return false;
    const r = new VarintReader(page, off);
    const shared = i === 0 ? 0 : r.next(); // the first term on a page is stored whole
    const n = r.next();
    if (shared > term.length || r.pos + n > szLeaf) return false;
    term = Buffer.concat([term.subarray(0, shared), page.subarray(r.pos, r.pos + n)]);
    if (Buffer.compare(term, hi) >= 0) break; // terms are sorted on a page
    if (Buffer.compare(term, lo) >= 0) out.add(term.subarray(1).toString('utf8'));
  }
  return true;
}
