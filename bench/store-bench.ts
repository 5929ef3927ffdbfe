// Store benchmark (not a test): inserts N synthetic messages (headers + ~2 KB body) into an encrypted cache
// through StoreWriter, then measures search p50/p95 through StoreReader.
//   npx tsx bench/store-bench.ts [N=20000]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openReader, openWriter } from '../main/store/open-store';
import { IndexQueries } from '../main/store/index-queries';
import type { MessageInput } from '../main/store/types';

const N = Number(process.argv[2] ?? 20_000);
const BATCH = 500;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-bench-'));
const file = path.join(dir, 'cache.db');
const keyHex = crypto.randomBytes(32).toString('hex');

let seed = 42;
const rnd = (n: number): number => {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return (seed >>> 0) % n;
};
const words = ('patient ordonnance résultat analyse biologie compte rendu hospitalisation radiologie cardiologie ' +
  'consultation urgence traitement allergie vaccin dossier médecin infirmier pharmacie courrier sortie examen ' +
  'scanner IRM échographie prescription').split(' ');
const vocab = words.concat(Array.from({ length: 5000 }, (_, i) => `mot${i}`));
const text = (n: number): string => {
  let s = '';
  while (s.length < n) s += (rnd(4) ? vocab[rnd(vocab.length)] : words[rnd(words.length)]) + ' ';
  return s.slice(0, n);
};
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

const w = openWriter(file, keyHex);
const indexed = new IndexQueries(w);
const accountId = w.upsertAccount({ address: 'cabinet.saint-roch@test.mssante.fr', type: 'CAB' });
const folders = ['INBOX', 'Sent', 'Archives', 'Tiny'].map((p, i) => w.upsertFolder(accountId, { path: p, delimiter: '/', uidvalidity: 100 + i }).id);
const start = Date.UTC(2020, 0, 1);

let t = process.hrtime.bigint();
let bodyMs = 0;
for (let b = 0; b < N; b += BATCH) {
  const perFolder = new Map<number, MessageInput[]>();
  for (let i = b; i < Math.min(N, b + BATCH); i++) {
    const folderId = folders[i % 2000 === 1 ? 3 : i % 10 === 0 ? 1 : i % 7 === 0 ? 2 : 0]!;
    const list = perFolder.get(folderId) ?? [];
    list.push({
      uid: i + 1,
      messageId: `<bench-${i}@test.mssante.fr>`,
      references: i % 3 === 0 && i > 0 ? [`<bench-${i - 1}@test.mssante.fr>`] : [],
      subject: text(60) + (i % 1000 === 0 ? ' zygomatique' : ''),
      from: { name: `Dr ${vocab[rnd(vocab.length)]}`, address: `dr${rnd(500)}@test.mssante.fr` },
      to: [{ name: 'Cabinet', address: 'cabinet.saint-roch@test.mssante.fr' }],
      date: start + i * 60_000,
      flags: rnd(3) ? ['\\Seen'] : [],
      // Half the mail arrives with its body (one FTS write), half gets it later (storeBody: two writes).
      body: i % 2 ? { text: text(2000) } : undefined,
    });
    perFolder.set(folderId, list);
  }
  for (const [folderId, list] of perFolder) {
    const ids = w.upsertMessages(folderId, 100 + folders.indexOf(folderId), list).ids;
    const tb = process.hrtime.bigint();
    w.transaction(() => ids.forEach((id, k) => list[k]!.body || w.storeBody(id, { text: text(2000) })));
    bodyMs += ms(tb);
    indexed.indexAllReady(); // the index worker's job in the app (migration 010), counted in the insert time
  }
}
const insertMs = ms(t);
console.log(`insert ${N} messages (headers + 2 KB body, FTS, encrypted, batches of ${BATCH}): ${insertMs.toFixed(0)} ms ` +
  `(${((N / insertMs) * 1000).toFixed(0)} msg/s; of which storeBody for half of them: ${bodyMs.toFixed(0)} ms)`);

const r = openReader(file, keyHex);
const optimize = process.argv.includes('--optimize');
if (optimize) {
  t = process.hrtime.bigint();
  w.optimizeSearchIndex();
  console.log(`optimizeSearchIndex: ${ms(t).toFixed(0)} ms`);
}
function measure(label: string, fn: () => unknown[], runs = 40): void {
  fn(); // warm
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    hits = fn().length;
    times.push(ms(t0));
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`${label.padEnd(48)} hits=${String(hits).padStart(3)}  p50=${p(0.5)} ms  p95=${p(0.95)} ms`);
}
measure('search "echographie" (common), top 50', () => r.search('echographie', { prefix: false }));
measure('search "zygomatique" (rare)', () => r.search('zygomatique', { prefix: false }));
measure('search "cardio" (prefix, as-you-type)', () => r.search('cardio'));
measure('search "ec" (2-char prefix)', () => r.search('ec'));
measure('search "allergie vaccin" (2 terms)', () => r.search('allergie vaccin'));
measure('search "dr42@test" (address)', () => r.search('dr42@test'));
measure('search "echographie" in Sent folder', () => r.search('echographie', { folderId: folders[1]! }));
measure('search "echographie" in the last 30 days', () => r.search('echographie', { since: start + (N - 43_200) * 60_000 }));
measure('search "echographie" in Tiny folder (N/2000 msgs)', () => r.search('echographie', { folderId: folders[3]! }));
measure('search "echo" in Tiny folder (indexed prefix)', () => r.search('echo', { folderId: folders[3]! }));
measure('search "echographie" in Tiny folder, exact', () => r.search('echographie', { folderId: folders[3]!, prefix: false }));
const rdb = (r as unknown as { db: { prepare(s: string): { all(...a: unknown[]): unknown[] } } }).db;
if (process.env.PROBE) {
  // Alternative plans for a folder-filtered search in a tiny folder (what SMALL_FOLDER decides).
  const probe = rdb.prepare(`SELECT m.id FROM messages m WHERE m.folder_id = ? AND m.stale = 0 AND EXISTS
    (SELECT 1 FROM messages_fts WHERE messages_fts MATCH ? AND rowid = m.id) ORDER BY m.date DESC LIMIT 50`);
  const inPlan = rdb.prepare(`SELECT m.id FROM messages m WHERE m.folder_id = ? AND m.stale = 0 AND m.id IN
    (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) ORDER BY m.date DESC LIMIT 50`);
  const ftsPlan = rdb.prepare(`SELECT m.id FROM messages_fts f CROSS JOIN messages m ON m.id = f.rowid
    WHERE messages_fts MATCH ? AND m.folder_id = ? AND m.stale = 0 ORDER BY f.rowid DESC LIMIT 50`);
  for (const q of ['"echographie"', '"echographie"*']) {
    measure(`  Tiny ${q}: probe plan`, () => probe.all(folders[3]!, q), 10);
    measure(`  Tiny ${q}: IN plan`, () => inPlan.all(folders[3]!, q), 10);
    measure(`  Tiny ${q}: FTS-driven plan`, () => ftsPlan.all(q, folders[3]!), 10);
  }
}
measure('search "hospit" (prefix of a common word)', () => r.search('hospit'));
measure('search "mot4999 mot1" (prefix of 1,111 words)', () => r.search('mot4999 mot1'), 5);
measure('listMessages INBOX first page (100)', () => r.listMessages(folders[0]!));
measure('listMessages INBOX page 50 (keyset)', () => {
  const mid = r.listMessages(folders[0]!, { limit: 1000 }).at(-1)!.id;
  return r.listMessages(folders[0]!, { beforeRowid: mid });
}, 20);
measure('unreadCounts', () => r.unreadCounts([accountId]));
measure('folderTree', () => r.folderTree(accountId));
const plan = (r as unknown as { db: { prepare(s: string): { all(...a: unknown[]): Array<{ detail: string }> } } }).db
  .prepare(`EXPLAIN QUERY PLAN SELECT m.id FROM messages_fts f CROSS JOIN messages m ON m.id = f.rowid
            WHERE messages_fts MATCH ? AND m.stale = 0 AND m.folder_id = ? ORDER BY f.rowid DESC LIMIT 50`)
  .all('"echographie"', 1).map((p) => p.detail);
console.log('search plan:', plan.join(' | '));
const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size / 1e6 : 0);
console.log(`db ${size(file).toFixed(0)} MB, wal ${size(file + '-wal').toFixed(0)} MB`);
r.close();
w.close();
fs.rmSync(dir, { recursive: true, force: true });
