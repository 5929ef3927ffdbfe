// Long-prefix rewrite check (a command, not a test): `npx tsx bench/search-prefix-bench.ts [--count 100000]
// [--queries 300] [--optimized]`. Times the search-bench queries two ways on the same store: the plain FTS5
// prefix query (what reader.search ran before fts-prefix.ts) and reader.search, and checks that both give
// the same newest-first top 50. By default the store is left as the app leaves it (several FTS segments,
// no 'optimize'); --optimized reuses bench/search-bench.ts's optimized corpus instead.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConnection } from '../main/store/db';
import { parseStructure } from '../main/store/fts-prefix';
import { longPrefixQuery, toFtsQuery } from '../main/store/fts-query';
import { openReader, openWriter } from '../main/store/open-store';
import { IndexQueries } from '../main/store/index-queries';
import { SUMMARY_COLS } from '../main/store/reader';
import { toSummary } from '../main/store/rows';
import { Corpus } from './search-corpus';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const COUNT = Number(arg('--count', '100000'));
const QUERIES = Number(arg('--queries', '300'));
const OPTIMIZED = argv.includes('--optimized');
const dir = path.join(os.tmpdir(), OPTIMIZED ? `mss-search-bench-${COUNT}` : `mss-search-bench-${COUNT}-segments`);
const dbFile = path.join(dir, 'cache.db');
const keyFile = path.join(dir, 'key.hex');
const corpus = new Corpus();
const queryCorpus = new Corpus(); // fresh generator: same queries whether or not the store was just built

function build(): void {
  if (fs.existsSync(path.join(dir, 'done'))) return;
  if (OPTIMIZED) throw new Error(`run bench/search-bench.ts --count ${COUNT} first`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const keyHex = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(keyFile, keyHex);
  const writer = openWriter(dbFile, keyHex);
  const accountId = writer.upsertAccount({ address: 'bench@bench.mssante.fr', type: 'PER', label: 'bench' });
  const folderId = writer.upsertFolder(accountId, { path: 'INBOX', uidvalidity: 1 }).id;
  const end = Date.now();
  const start = end - 3 * 365 * 86400_000;
  for (let base = 0; base < COUNT; base += 1000) {
    const batch = [];
    for (let i = base; i < Math.min(COUNT, base + 1000); i++) {
      const m = corpus.message(i, COUNT, start, end);
      batch.push({
        uid: i + 1, messageId: m.messageId, subject: m.subject, from: m.from, to: [m.to], date: m.date, internaldate: m.date,
        size: m.text.length, flags: ['\\Seen'], body: { text: m.text, html: null, rawSize: m.text.length },
      });
    }
    writer.upsertMessages(folderId, 1, batch);
  }
  new IndexQueries(writer).indexAllReady(); // the index worker's job in the app (migration 010)
  writer.close();
  fs.writeFileSync(path.join(dir, 'done'), new Date().toISOString());
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return +(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN).toFixed(2);
};

build();
const keyHex = fs.readFileSync(keyFile, 'utf8');
const reader = openReader(dbFile, keyHex);
const raw = openConnection(dbFile, { keyHex, readonly: true });
const structure = raw.prepare('SELECT block FROM messages_fts_data WHERE id = 10').get() as { block: Buffer };
const queries = queryCorpus.queries(QUERIES);
const plainSql = raw.prepare(`SELECT ${SUMMARY_COLS} FROM messages_fts f CROSS JOIN messages m ON m.id = f.rowid
  WHERE messages_fts MATCH ? AND m.stale = 0 ORDER BY f.rowid DESC LIMIT 50`);
const plain = (q: string) => (plainSql.all(toFtsQuery(q)) as Record<string, unknown>[]).map(toSummary);
const ours = (q: string) => reader.search(q, { limit: 50 });
const time = (f: (q: string) => unknown) => {
  for (const q of queries.slice(0, 20)) f(q);
  return queries.map((q) => {
    const t = process.hrtime.bigint();
    f(q);
    return Number(process.hrtime.bigint() - t) / 1e6;
  });
};
const before = time(plain);
const after = time(ours);
const differ = queries.filter((q) => JSON.stringify(plain(q).map((m) => m.id)) !== JSON.stringify(ours(q).map((m) => m.id)));
console.log(`${COUNT} messages, ${parseStructure(structure.block)?.length} FTS segments, ${queries.length} queries (${queries.filter((q) => longPrefixQuery(q)).length} with a prefix no index covers)`);
console.log(`  plain prefix query  p50 ${pct(before, 50)} ms  p95 ${pct(before, 95)} ms  max ${pct(before, 100)} ms`);
console.log(`  reader.search       p50 ${pct(after, 50)} ms  p95 ${pct(after, 95)} ms  max ${pct(after, 100)} ms`);
console.log(`  same top 50: ${queries.length - differ.length}/${queries.length}${differ.length ? `  differ: ${differ.slice(0, 5).join(', ')}` : ''}`);
reader.close();
raw.close();
if (differ.length) process.exitCode = 1;
