// Engine side of the sync benchmark, in its own process so that its RSS is the engine's (not the harness's
// seeding and mbsync code): `tsx bench/sync-bench-engine.ts <bal> <password> <folder>`.
// Prints one JSON line: initial sync (headers, then bodies), first-50 time, resync round trips, peak RSS.
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

async function waitUntil(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timeout: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const newEngine = (writer: StoreWriter, o: EngineOptions) => new SyncEngine(writer, credentials, { pollIntervalMs: 600_000, ...o });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-bench-'));
const writer = openWriter(path.join(dir, 'cache.db'), crypto.randomBytes(32).toString('hex'));
try {
  // 1) headers: the list of the folder complete
  let engine = newEngine(writer, { backgroundBodies: false });
  let firstHeadersMs = -1;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  engine.on((e) => {
    if (firstHeadersMs < 0 && e.type === 'messagesChanged' && e.ids.length >= 50) firstHeadersMs = performance.now() - t0;
  });
  const accountId = engine.start(account);
  await waitUntil(() => !!writer.getFolderByPath(accountId, folder)?.highestmodseq, 600_000, 'headers');
  const headersMs = performance.now() - t0;
  const headersCpuMs = cpuMs(c0);
  const fid = writer.getFolderByPath(accountId, folder)!.id;
  const q = new SyncQueries(writer);
  const rows = q.countMessages(fid);
  await engine.stop();

  // 2) bodies (background download, parse, FTS)
  engine = newEngine(writer, { backgroundBodies: true });
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  engine.start(account);
  await waitUntil(() => q.messagesNeedingBody(accountId, fid, 1).length === 0, 1_200_000, 'bodies');
  const bodiesMs = performance.now() - t1;
  const bodiesCpuMs = cpuMs(c1);
  await engine.stop();

  // 3) resync, nothing changed (default budget: the folder's connection and the background one in parallel)
  engine = newEngine(writer, { backgroundBodies: false });
  const t2 = performance.now();
  engine.start(account);
  const sessions = engine.sessionsOf(bal);
  await waitUntil(() => !!sessions.active.client?.idling && (sessions.background.counter.byVerb.LIST ?? 0) >= 1 && !sessions.background.mutex.busy, 30_000, 'resync');
  const resyncMs = performance.now() - t2;
  const onFolder = Object.entries(sessions.active.counter.byVerb).filter(([v]) => !SETUP_VERBS.has(v));
  const all = Object.entries(engine.stats().commands).filter(([v]) => !SETUP_VERBS.has(v));
  await engine.stop();
  clearInterval(rssTimer);
  console.log(JSON.stringify({
    rows, firstHeadersMs, headersMs, headersCpuMs, bodiesMs, bodiesCpuMs, resyncMs,
    resyncOnFolder: Object.fromEntries(onFolder), resyncAll: Object.fromEntries(all),
    peakRssMb: peakRss / 1048576, baselineRssMb: baselineRss / 1048576,
  }));
} finally {
  writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
