// Sync benchmark (a command, not a test): `npx tsx bench/sync-bench.ts [--count 20000] [--bal <address>] [--json]`
// Seeds a folder of the sandbox with `count` messages (reused when already there), then measures against
// the sandbox Dovecot:
//  - our initial sync: headers of the whole folder in the store (the list is complete), and headers +
//    bodies (parsed, indexed) — vs mbsync (isync) pulling the same folder to a Maildir;
//  - the time until the first 50 headers are in the store (first screen);
//  - a resync with nothing changed: IMAP commands issued after login (CONDSTORE/QRESYNC ⇒ SELECT only);
//  - the process RSS (the engine runs in this process).
// Prints a table; with --json the last line is a JSON summary. --keep leaves the seeded folder in place.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BALS, HOST, PATHS, PORTS } from '../sandbox/config';
import { ensureSandboxUp, plainImapClient } from '../sandbox/control';
import { seedLarge } from '../sandbox/seed';
import { openWriter } from '../main/store/open-store';
import type { StoreWriter } from '../main/store/writer';
import { SyncQueries } from '../main/store/sync-queries';
import { SyncEngine } from '../main/sync/engine';
import type { CredentialsProvider, EngineAccount, EngineOptions } from '../main/sync/types';

const exec = promisify(execFile);
const argv = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const COUNT = Number(arg('--count', '20000'));
// Default: Bob's BAL (the sync tests' BAL; the torture suite uses the APP BAL, the e2e tests the secretary's).
const BAL = BALS.find((b) => b.address === arg('--bal', BALS.find((x) => x.address.startsWith('bob.'))!.address))!;
const FOLDER = `bench-sync-${COUNT}`;
const JSON_OUT = argv.includes('--json');
/** Keep the seeded folder for the next run (default: deleted, other tests share the sandbox BAL). */
const KEEP = argv.includes('--keep');
const say = (s: string) => { if (!JSON_OUT) console.log(s); else console.error(s); };

const SETUP_VERBS = new Set(['ID', 'STARTTLS', 'CAPABILITY', 'AUTHENTICATE PLAIN', 'AUTHENTICATE XOAUTH2', 'AUTHENTICATE OAUTHBEARER', 'LOGIN', 'NAMESPACE', 'ENABLE', 'IDLE', 'LOGOUT']);

const credentials: CredentialsProvider = async () => ({ user: BAL.address, auth: { kind: 'password', pass: BAL.password } });
const account: EngineAccount = {
  address: BAL.address, type: BAL.type, label: 'bench',
  imap: { host: HOST, port: PORTS.imap, security: 'starttls', servername: 'localhost', caPem: [fs.readFileSync(PATHS.caCert, 'utf8')] },
  onlyFolders: [FOLDER],
};

async function ensureSeeded(): Promise<void> {
  const c = await plainImapClient(BAL.address);
  try {
    const st = await c.status(FOLDER, { messages: true }).catch(() => false as const);
    if (st && st.messages === COUNT) {
      say(`reusing ${BAL.address}/${FOLDER} (${COUNT} messages)`);
      return;
    }
    if (st) await c.mailboxDelete(FOLDER);
  } finally {
    await c.logout().catch(() => {});
  }
  const r = await seedLarge(BAL.address, COUNT, { folder: FOLDER });
  say(`seeded ${COUNT} messages in ${r.ms} ms`);
}

let peakRss = 0;
const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

async function waitUntil(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timeout: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function newEngine(writer: StoreWriter, o: EngineOptions) {
  return new SyncEngine(writer, credentials, { pollIntervalMs: 600_000, ...o });
}

function countRows(writer: StoreWriter, folderId: number): number {
  return writer.folderTree(writer.getFolder(folderId)!.accountId).find((n) => n.id === folderId)?.total ?? 0;
}

async function ours() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-bench-'));
  const file = path.join(dir, 'cache.db');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const writer = openWriter(file, keyHex);
  try {
    // 1) headers
    let engine = newEngine(writer, { backgroundBodies: false });
    let firstHeadersMs = -1;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    engine.on((e) => {
      if (firstHeadersMs < 0 && e.type === 'messagesChanged' && e.ids.length >= 50) firstHeadersMs = performance.now() - t0;
    });
    const accountId = engine.start(account);
    await waitUntil(() => {
      const f = writer.getFolderByPath(accountId, FOLDER);
      return !!f && f.highestmodseq !== null;
    }, 600_000, 'headers');
    const headersMs = performance.now() - t0;
    const headersCpuMs = cpuMs(c0);
    const fid = writer.getFolderByPath(accountId, FOLDER)!.id;
    const headerRows = countRows(writer, fid);
    await engine.stop();

    // 2) bodies (background download, parse, FTS)
    engine = newEngine(writer, { backgroundBodies: true });
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    engine.start(account);
    const q = new SyncQueries(writer);
    await waitUntil(() => q.messagesNeedingBody(accountId, fid, 1).length === 0, 1_200_000, 'bodies');
    const bodiesMs = performance.now() - t1;
    const bodiesCpuMs = cpuMs(c1);
    await engine.stop();

    // 3) resync, nothing changed
    engine = newEngine(writer, { backgroundBodies: false, connectionBudget: 1 });
    const t2 = performance.now();
    engine.start(account);
    await waitUntil(() => !!engine.sessionsOf(BAL.address).active.client?.idling, 30_000, 'resync');
    const resyncMs = performance.now() - t2;
    const commands = engine.stats().commands;
    await engine.stop();
    const resyncCommands = Object.entries(commands).filter(([v]) => !SETUP_VERBS.has(v));
    return { firstHeadersMs, headersMs, headersCpuMs, bodiesMs, bodiesCpuMs, headerRows, resyncMs, resyncCommands, rssMb: peakRss / 1024 / 1024 };
  } finally {
    writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function mbsync() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbsync-bench-'));
  const maildir = path.join(dir, 'mail');
  fs.mkdirSync(maildir);
  const rc = path.join(dir, 'mbsyncrc');
  fs.writeFileSync(rc, [
    // like our store (WAL, synchronous=NORMAL): no fsync per message
    'FSync no', '',
    'IMAPAccount sandbox', 'Host localhost', `Port ${PORTS.imap}`, `User ${BAL.address}`, `Pass ${BAL.password}`,
    'AuthMechs PLAIN', 'SSLType STARTTLS', 'SSLVersions TLSv1.2 TLSv1.3', `CertificateFile ${PATHS.caCert}`, 'PipelineDepth 50', '',
    'IMAPStore remote', 'Account sandbox', '',
    'MaildirStore local', `Path ${maildir}/`, `Inbox ${maildir}/INBOX`, 'SubFolders Verbatim', '',
    'Channel bench', 'Far :remote:', 'Near :local:', `Patterns ${FOLDER}`, 'Create Near', 'Sync Pull', 'SyncState *', '',
  ].join('\n'), { mode: 0o600 });
  try {
    const t0 = performance.now();
    await exec('mbsync', ['-q', '-c', rc, 'bench'], { maxBuffer: 16 * 1024 * 1024 });
    const ms = performance.now() - t0;
    const box = path.join(maildir, FOLDER);
    const n = ['cur', 'new'].reduce((a, d) => a + (fs.existsSync(path.join(box, d)) ? fs.readdirSync(path.join(box, d)).length : 0), 0);
    return { ms, n };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function removeSeed(): Promise<void> {
  const c = await plainImapClient(BAL.address);
  try {
    await c.mailboxDelete(FOLDER).catch(() => {});
  } finally {
    await c.logout().catch(() => {});
  }
}

await ensureSandboxUp();
await ensureSeeded();
let o: Awaited<ReturnType<typeof ours>>;
let m: Awaited<ReturnType<typeof mbsync>>;
try {
  o = await ours();
  m = await mbsync();
} finally {
  clearInterval(rssTimer);
  if (!KEEP) await removeSeed();
}
if (o.headerRows !== COUNT || m.n !== COUNT) say(`WARNING: counts differ (ours ${o.headerRows}, mbsync ${m.n}, expected ${COUNT})`);

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const syncMsgPerSec = rate(COUNT, o.headersMs);
const fullMsgPerSec = rate(COUNT, o.headersMs + o.bodiesMs);
const mbsyncMsgPerSec = rate(m.n, m.ms);
const resyncRoundTrips = o.resyncCommands.reduce((a, [, n]) => a + n, 0);
const rows: Array<[string, string]> = [
  ['messages', String(COUNT)],
  ['ours: headers (list complete)', `${(o.headersMs / 1000).toFixed(2)} s  ${syncMsgPerSec} msg/s  (engine CPU ${(o.headersCpuMs / 1000).toFixed(1)} s)`],
  ['ours: + bodies (parsed, FTS)', `${((o.headersMs + o.bodiesMs) / 1000).toFixed(2)} s  ${fullMsgPerSec} msg/s  (bodies CPU ${(o.bodiesCpuMs / 1000).toFixed(1)} s)`],
  ['machine load (1 min avg, cores)', `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length}`],
  ['mbsync (full messages → Maildir)', `${(m.ms / 1000).toFixed(2)} s  ${mbsyncMsgPerSec} msg/s`],
  ['ratio headers / mbsync', (syncMsgPerSec / mbsyncMsgPerSec).toFixed(2)],
  ['ratio full / mbsync', (fullMsgPerSec / mbsyncMsgPerSec).toFixed(2)],
  ['first 50 headers', `${Math.round(o.firstHeadersMs)} ms`],
  ['resync, no change: commands after login', `${resyncRoundTrips} (${o.resyncCommands.map(([v, n]) => `${v}×${n}`).join(', ')}) in ${Math.round(o.resyncMs)} ms`],
  ['peak RSS (engine process)', `${Math.round(o.rssMb)} MB`],
];
const w = Math.max(...rows.map(([k]) => k.length));
say(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n'));
if (JSON_OUT) {
  console.log(JSON.stringify({
    syncRatioVsMbsync: Number((syncMsgPerSec / mbsyncMsgPerSec).toFixed(3)),
    syncMsgPerSec,
    mbsyncMsgPerSec,
    fullSyncMsgPerSec: fullMsgPerSec,
    resyncRoundTrips,
    firstHeadersMs: Math.round(o.firstHeadersMs),
    engineRssMb: Math.round(o.rssMb),
  }));
}
process.exit(0);
