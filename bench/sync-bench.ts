// Sync benchmark (a command, not a test): `npx tsx bench/sync-bench.ts [--count 20000] [--bal <address>] [--json]`
// Seeds a folder of the sandbox with `count` messages (reused when already there), then measures against
// the sandbox Dovecot:
//  - our initial sync: headers of the whole folder in the store (the list is complete), and headers +
//    bodies (parsed, indexed) — vs mbsync (isync) pulling the same folder to a Maildir;
//  - the time until the first 50 headers are in the store (first screen);
//  - a resync with nothing changed: IMAP commands issued after login on the folder's connection
//    (CONDSTORE/QRESYNC ⇒ SELECT only), and on all connections (+ the background LIST-STATUS);
//  - the peak RSS of the engine's process (bench/sync-bench-engine.ts, apart from this harness).
// Prints a table; with --json the last line is a JSON summary. --keep leaves the seeded folder in place.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BALS, PATHS, PORTS } from '../sandbox/config';
import { ensureSandboxUp, plainImapClient } from '../sandbox/control';
import { seedLarge } from '../sandbox/seed';

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

interface EngineFigures {
  rows: number;
  firstHeadersMs: number;
  headersMs: number;
  headersCpuMs: number;
  bodiesMs: number;
  bodiesCpuMs: number;
  resyncMs: number;
  resyncOnFolder: Record<string, number>;
  resyncAll: Record<string, number>;
  peakRssMb: number;
  baselineRssMb: number;
}

/** The engine runs in its own process (bench/sync-bench-engine.ts): its RSS is the engine's alone. */
async function ours(): Promise<EngineFigures> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sync-bench-engine.ts');
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', script, BAL.address, BAL.password, FOLDER], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as EngineFigures;
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
  if (!KEEP) await removeSeed();
}
if (o.rows !== COUNT || m.n !== COUNT) say(`WARNING: counts differ (ours ${o.rows}, mbsync ${m.n}, expected ${COUNT})`);

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const syncMsgPerSec = rate(COUNT, o.headersMs);
const fullMsgPerSec = rate(COUNT, o.headersMs + o.bodiesMs);
const mbsyncMsgPerSec = rate(m.n, m.ms);
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const fmt = (r: Record<string, number>) => Object.entries(r).map(([v, n]) => `${v}×${n}`).join(', ');
// Round trips on the folder's connection (the critical path); the background connection's LIST-STATUS
// runs at the same time on its own connection and is shown apart.
const resyncRoundTrips = sum(o.resyncOnFolder);
const resyncCommandsTotal = sum(o.resyncAll);
const rows: Array<[string, string]> = [
  ['messages', String(COUNT)],
  ['ours: headers (list complete)', `${(o.headersMs / 1000).toFixed(2)} s  ${syncMsgPerSec} msg/s  (engine CPU ${(o.headersCpuMs / 1000).toFixed(1)} s)`],
  ['ours: + bodies (parsed, FTS)', `${((o.headersMs + o.bodiesMs) / 1000).toFixed(2)} s  ${fullMsgPerSec} msg/s  (bodies CPU ${(o.bodiesCpuMs / 1000).toFixed(1)} s)`],
  ['mbsync (full messages → Maildir)', `${(m.ms / 1000).toFixed(2)} s  ${mbsyncMsgPerSec} msg/s`],
  ['ratio headers / mbsync', (syncMsgPerSec / mbsyncMsgPerSec).toFixed(2)],
  ['ratio full / mbsync', (fullMsgPerSec / mbsyncMsgPerSec).toFixed(2)],
  ['first 50 headers', `${Math.round(o.firstHeadersMs)} ms`],
  ['resync, no change: folder connection', `${resyncRoundTrips} (${fmt(o.resyncOnFolder)}) in ${Math.round(o.resyncMs)} ms`],
  ['resync, no change: all connections', `${resyncCommandsTotal} (${fmt(o.resyncAll)})`],
  ['engine process RSS (peak / at start)', `${Math.round(o.peakRssMb)} MB / ${Math.round(o.baselineRssMb)} MB`],
  ['machine load (1 min avg, cores)', `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length}`],
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
    resyncCommandsTotal,
    firstHeadersMs: Math.round(o.firstHeadersMs),
    engineRssMb: Math.round(o.peakRssMb),
  }));
}
process.exit(0);
