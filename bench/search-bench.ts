// Search benchmark (a command, not a test): `npx tsx bench/search-bench.ts [--count 100000] [--queries 300] [--json]`
// The same N messages go into our encrypted store (FTS5, the app's query path) and into a notmuch database
// (Xapian), then the same as-you-type queries (last word as a prefix, newest first, top 50) are timed
// in-process on both sides. Prints p50/p95; with --json the last line is a JSON summary.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openReader, openWriter } from '../main/store/open-store';
import { IndexQueries } from '../main/store/index-queries';
import { Corpus, toEml } from './search-corpus';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const COUNT = Number(arg('--count', '100000'));
const QUERIES = Number(arg('--queries', '300'));
const JSON_OUT = argv.includes('--json');
const say = (s: string) => (JSON_OUT ? console.error(s) : console.log(s));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const dir = path.join(os.tmpdir(), `mss-search-bench-${COUNT}`);
const maildir = path.join(dir, 'mail');
const dbFile = path.join(dir, 'cache.db');
const keyFile = path.join(dir, 'key.hex');
const corpus = new Corpus();
const end = Date.now();
const start = end - 3 * 365 * 86400_000;

function buildCorpus(): void {
  if (fs.existsSync(path.join(dir, 'done'))) {
    say(`reusing the ${COUNT}-message corpus in ${dir}`);
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
  const keyHex = crypto.randomBytes(32).toString('hex');
  fs.writeFileSync(keyFile, keyHex);
  const writer = openWriter(dbFile, keyHex);
  const accountId = writer.upsertAccount({ address: 'bench@bench.mssante.fr', type: 'PER', label: 'bench' });
  const folderId = writer.upsertFolder(accountId, { path: 'INBOX', uidvalidity: 1 }).id;
  const t0 = Date.now();
  const BATCH = 1000;
  for (let base = 0; base < COUNT; base += BATCH) {
    const batch = [];
    for (let i = base; i < Math.min(COUNT, base + BATCH); i++) {
      const m = corpus.message(i, COUNT, start, end);
      fs.writeFileSync(path.join(maildir, 'cur', `${i}.bench:2,S`), toEml(m));
      batch.push({
        uid: i + 1, messageId: m.messageId, subject: m.subject, from: m.from, to: [m.to], date: m.date, internaldate: m.date,
        size: m.text.length, flags: ['\\Seen'], body: { text: m.text, html: null, rawSize: m.text.length },
      });
    }
    writer.upsertMessages(folderId, 1, batch);
    if ((base / BATCH) % 10 === 0) say(`  store: ${Math.min(COUNT, base + BATCH)} / ${COUNT}`);
  }
  // The index worker's job in the app (migration 010): timed with the store fill, as before.
  new IndexQueries(writer).indexAllReady();
  writer.optimizeSearchIndex?.();
  writer.close();
  say(`store filled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  fs.writeFileSync(path.join(dir, 'notmuch-config'), `[database]\npath=${maildir}\n[user]\nname=Bench\nprimary_email=bench@bench.mssante.fr\n[new]\ntags=inbox\n[search]\nexclude_tags=\n[maildir]\nsynchronize_flags=false\n`);
  execFileSync('notmuch', ['new', '--quiet'], { env: { ...process.env, NOTMUCH_CONFIG: path.join(dir, 'notmuch-config') }, stdio: 'ignore' });
  say(`notmuch indexed in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  fs.writeFileSync(path.join(dir, 'done'), new Date().toISOString());
}

function timeOurs(queries: string[]): { times: number[]; ids: string[][] } {
  const reader = openReader(dbFile, fs.readFileSync(keyFile, 'utf8'));
  for (const q of queries.slice(0, 20)) reader.search(q, { limit: 50 }); // warm the page cache like notmuch's
  const ids: string[][] = [];
  const times = queries.map((q) => {
    const t = process.hrtime.bigint();
    const found = reader.search(q, { limit: 50 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    ids.push(found.map((m) => (m.messageId ?? '').replace(/^<|>$/g, '')));
    return ms;
  });
  reader.close();
  return { times, ids };
}

function timeNotmuch(queries: string[]): { times: number[]; ids: string[][] } {
  const qfile = path.join(dir, 'queries.json');
  fs.writeFileSync(qfile, JSON.stringify(queries));
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'notmuch-search.py');
  const env = { ...process.env, NOTMUCH_CONFIG: path.join(dir, 'notmuch-config') };
  execFileSync('/usr/bin/python3', [script, maildir, qfile], { env, stdio: 'ignore' }); // warm-up run
  const out = execFileSync('/usr/bin/python3', [script, maildir, qfile], { env, encoding: 'utf8' });
  return JSON.parse(out) as { times: number[]; ids: string[][] };
}

/**
 * Same queries, same messages: the top 50 of both engines compared as sets (dates are distinct, both sort
 * newest first). Returns the queries whose results differ.
 */
function crossCheck(queries: string[], ours: string[][], theirs: string[][]): Array<{ q: string; ours: number; notmuch: number; common: number }> {
  const out: Array<{ q: string; ours: number; notmuch: number; common: number }> = [];
  queries.forEach((q, i) => {
    const a = new Set(ours[i]);
    const b = new Set(theirs[i]);
    const common = [...a].filter((x) => b.has(x)).length;
    if (common !== a.size || common !== b.size) out.push({ q, ours: a.size, notmuch: b.size, common });
  });
  return out;
}

buildCorpus();
// Own generator for the queries: the same set whether or not this run built the corpus.
const queries = new Corpus('search-bench-queries').queries(QUERIES);
const oursRun = timeOurs(queries);
const theirsRun = timeNotmuch(queries);
const ours = oursRun.times;
const theirs = theirsRun.times;
const differing = crossCheck(queries, oursRun.ids, theirsRun.ids);
const summary = {
  searchMessages: COUNT,
  searchQueries: queries.length,
  searchP50Ms: +pct(ours, 50).toFixed(2),
  searchP95Ms: +pct(ours, 95).toFixed(2),
  searchP50MsNotmuch: +pct(theirs, 50).toFixed(2),
  searchP95MsNotmuch: +pct(theirs, 95).toFixed(2),
  searchCrossCheckQueries: queries.length,
  searchCrossCheckDiffering: differing.length,
};
say(`search over ${COUNT} messages, ${queries.length} as-you-type queries, top 50 newest first`);
say(`  ours (FTS5, encrypted)  p50 ${summary.searchP50Ms} ms  p95 ${summary.searchP95Ms} ms`);
say(`  notmuch (Xapian)        p50 ${summary.searchP50MsNotmuch} ms  p95 ${summary.searchP95MsNotmuch} ms`);
say(`  ratio p95 notmuch/ours  ${(summary.searchP95MsNotmuch / summary.searchP95Ms).toFixed(2)}×`);
say(`  cross-check: ${queries.length - differing.length} / ${queries.length} queries give the same top 50 as notmuch`);
for (const d of differing.slice(0, 10)) say(`    differs: "${d.q}" ours ${d.ours}, notmuch ${d.notmuch}, in common ${d.common}`);
if (JSON_OUT) console.log(JSON.stringify(summary));
