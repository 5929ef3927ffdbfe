// Engine side of the sync benchmark, in its own process so that its RSS is the engine's (not the harness's
// seeding and mbsync code): `tsx bench/sync-bench-engine.ts <bal> <password> <folder>`.
// One initial sync from an empty cache, as the app runs it (headers, then bodies in the background, the
// index worker beside), timed at three points: the list complete (every header), every message stored
// (readable offline), everything indexed (search complete). Then a resync with nothing changed.
// Prints one JSON line.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOST, PATHS, PORTS } from '../sandbox/config';
import { openWriter } from '../main/store/open-store';
import { SyncQueries } from '../main/store/sync-queries';
import type { StoreWriter } from '../main/store/writer';
import { SyncEngine } from '../main/sync/engine';
import type { CredentialsProvider, EngineAccount, EngineOptions } from '../main/sync/types';
import { benchIndexer } from './bench-indexer';

const [bal, pass, folder] = process.argv.slice(2) as [string, string, string];
const SETUP_VERBS = new Set(['ID', 'STARTTLS', 'CAPABILITY', 'AUTHENTICATE PLAIN', 'AUTHENTICATE XOAUTH2', 'AUTHENTICATE OAUTHBEARER', 'LOGIN', 'NAMESPACE', 'ENABLE', 'IDLE', 'LOGOUT']);
const credentials: CredentialsProvider = async () => ({ user: bal, auth: { kind: 'password', pass } });
const account: EngineAccount = {
  address: bal, type: 'PER', label: 'bench',
  imap: { host: HOST, port: PORTS.imap, security: 'starttls', servername: 'localhost', caPem: [fs.readFileSync(PATHS.caCert, 'utf8')] },
  onlyFolders: [folder],
};

let peakRss = 0;
const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
const baselineRss = process.memoryUsage().rss;

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

/** Polls `check` every 100 ms (the figures' resolution); a bound against a hang, not a measure. */
async function waitUntil(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timeout: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const newEngine = (writer: StoreWriter, o: EngineOptions) => new SyncEngine(writer, credentials, { pollIntervalMs: 600_000, ...o });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-bench-'));
const dbFile = path.join(dir, 'cache.db');
const keyHex = crypto.randomBytes(32).toString('hex');
const writer = openWriter(dbFile, keyHex);
const q = new SyncQueries(writer);
try {
  const indexer = await benchIndexer(writer, dbFile, keyHex);
  let engine = newEngine(writer, { backgroundBodies: true, ...indexer.engineOptions });
  let firstHeadersMs = -1;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // Bodies: the engine's own progress (done = messages no longer waiting for their body), not a count of
  // the store every 100 ms: at 20k messages that scan, on the engine's thread, cost more than the sync.
  let bodiesLeft = -1;
  engine.on((e) => {
    if (firstHeadersMs < 0 && e.type === 'messagesChanged' && e.ids.length >= 50) firstHeadersMs = performance.now() - t0;
    if (e.type === 'progress' && e.phase === 'bodies' && e.folder === folder) bodiesLeft = e.total - e.done;
  });
  const accountId = engine.start(account);
  // 1) the list complete: every header in the store (the resume point is written last)
  await waitUntil(() => !!writer.getFolderByPath(accountId, folder)?.highestmodseq, 1_800_000, 'headers');
  const headersMs = performance.now() - t0;
  const headersCpuMs = cpuMs(c0);
  const fid = writer.getFolderByPath(accountId, folder)!.id;
  const rows = q.countMessages(fid);
  // 2) stored: no message of the folder waits for its body (each one readable offline)
  await waitUntil(() => bodiesLeft === 0 && q.countNeedingBody(fid) === 0, 3_600_000, 'stored');
  const storedMs = performance.now() - t0;
  const storedCpuMs = cpuMs(c0);
  // 3) indexed: text extracted and in the full-text index
  await waitUntil(() => indexer.pending() === 0, 3_600_000, 'indexed');
  const indexedMs = performance.now() - t0;
  const indexedCpuMs = cpuMs(c0); // the index worker thread included
  const stored = rows - q.countNeedingBody(fid);
  await engine.stop();
  await indexer.stop();

  // resync, nothing changed (default budget: the folder's connection and the background one in parallel)
  engine = newEngine(writer, { backgroundBodies: false });
  const t2 = performance.now();
  engine.start(account);
  const sessions = engine.sessionsOf(bal);
  await waitUntil(() => !!sessions.active.client?.idling && (sessions.background.counter.byVerb.LIST ?? 0) >= 1 && !sessions.background.mutex.busy, 60_000, 'resync');
  const resyncMs = performance.now() - t2;
  const onFolder = Object.entries(sessions.active.counter.byVerb).filter(([v]) => !SETUP_VERBS.has(v));
  const all = Object.entries(engine.stats().commands).filter(([v]) => !SETUP_VERBS.has(v));
  await engine.stop();
  clearInterval(rssTimer);
  const dbBytes = ['', '-wal'].reduce((a, s) => a + (fs.existsSync(dbFile + s) ? fs.statSync(dbFile + s).size : 0), 0);
  console.log(JSON.stringify({
    rows, stored, firstHeadersMs, headersMs, headersCpuMs, storedMs, storedCpuMs, indexedMs, indexedCpuMs, resyncMs,
    resyncOnFolder: Object.fromEntries(onFolder), resyncAll: Object.fromEntries(all),
    peakRssMb: peakRss / 1048576, baselineRssMb: baselineRss / 1048576, dbMb: dbBytes / 1048576,
  }));
} finally {
  writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
