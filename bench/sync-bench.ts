// Sync benchmark (a command, not a test):
//   npx tsx bench/sync-bench.ts [--count 20000] [--rounds 3] [--bal <address>] [--small] [--json] [--keep]
// Seeds a sandbox folder with `count` messages sized like a practice's mail (sandbox/seed/large-corpus.ts;
// --small: one-line messages), then, over `rounds` rounds whose order alternates (ours, mbsync, mbsync
// FSync no; then the reverse, ...) so that neither side always meets a warmed server:
//  - our initial sync from an empty cache (bench/sync-bench-engine.ts, its own process): the list complete
//    (headers), every message stored (readable offline), everything indexed (search complete);
//  - mbsync (isync) pulling the same folder to a fresh Maildir, with its default fsync and with `FSync no`.
// Ratios per round, the median printed. A count that differs from the seeded one fails the benchmark.
// Also: first 50 headers, resync with nothing changed (round trips), engine RSS peak.
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
const ROUNDS = Math.max(1, Number(arg('--rounds', '3')));
const REALISTIC = !argv.includes('--small');
// Default: Bob's BAL (the sync tests' BAL; the torture suite uses the APP BAL, the e2e tests the secretary's).
const BAL = BALS.find((b) => b.address === arg('--bal', BALS.find((x) => x.address.startsWith('bob.'))!.address))!;
const FOLDER = `bench-sync-${COUNT}${REALISTIC ? '-r1' : ''}`;
const JSON_OUT = argv.includes('--json');
/** Keep the seeded folder for the next run (default: deleted, other tests share the sandbox BAL). */
const KEEP = argv.includes('--keep');
const say = (s: string) => { if (!JSON_OUT) console.log(s); else console.error(s); };

async function ensureSeeded(): Promise<number> {
  const c = await plainImapClient(BAL.address);
  try {
    const st = await c.status(FOLDER, { messages: true }).catch(() => false as const);
    if (st && st.messages === COUNT) {
      say(`reusing ${BAL.address}/${FOLDER} (${COUNT} messages)`);
      return 0;
    }
    if (st) await c.mailboxDelete(FOLDER);
  } finally {
    await c.logout().catch(() => {});
  }
  const r = await seedLarge(BAL.address, COUNT, { folder: FOLDER, realistic: REALISTIC });
  say(`seeded ${COUNT} messages (${Math.round(r.bytes / 1048576)} MB) in ${r.ms} ms`);
  return r.bytes;
}

interface EngineFigures {
  rows: number;
  stored: number;
  firstHeadersMs: number;
  headersMs: number;
  headersCpuMs: number;
  storedMs: number;
  storedCpuMs: number;
  indexedMs: number;
  indexedCpuMs: number;
  resyncMs: number;
  resyncOnFolder: Record<string, number>;
  resyncAll: Record<string, number>;
  peakRssMb: number;
  baselineRssMb: number;
  dbMb: number;
}

/** The engine runs in its own process (bench/sync-bench-engine.ts): its RSS is the engine's alone. */
async function ours(): Promise<EngineFigures> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sync-bench-engine.ts');
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', script, BAL.address, BAL.password, FOLDER], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as EngineFigures;
}

/** mbsync pulling the folder into a fresh Maildir; `fsync`: its default (FSync yes) or `FSync no`. */
async function mbsync(fsync: boolean): Promise<{ ms: number; n: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbsync-bench-'));
  const maildir = path.join(dir, 'mail');
  fs.mkdirSync(maildir);
  const rc = path.join(dir, 'mbsyncrc');
  fs.writeFileSync(rc, [
    ...(fsync ? [] : ['FSync no']), '',
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

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r3 = (x: number) => Number(x.toFixed(3));

interface Round { o: EngineFigures; fsync: { ms: number; n: number }; noFsync: { ms: number; n: number }; order: string }

await ensureSandboxUp();
const seededBytes = await ensureSeeded();
const rounds: Round[] = [];
const mismatches: string[] = [];
try {
  for (let r = 0; r < ROUNDS; r++) {
    const steps = ['ours', 'mbsync', 'mbsync-nofsync'];
    if (r % 2 === 1) steps.reverse();
    const got: Partial<Round> = { order: steps.join(' → ') };
    for (const s of steps) {
      if (s === 'ours') got.o = await ours();
      else if (s === 'mbsync') got.fsync = await mbsync(true);
      else got.noFsync = await mbsync(false);
    }
    const round = got as Round;
    rounds.push(round);
    const counts = { ours: round.o.rows, oursStored: round.o.stored, mbsync: round.fsync.n, mbsyncNoFsync: round.noFsync.n };
    for (const [who, n] of Object.entries(counts)) if (n !== COUNT) mismatches.push(`round ${r + 1}: ${who} has ${n} messages, expected ${COUNT}`);
    say(`round ${r + 1}/${ROUNDS} (${round.order}): ours headers ${(round.o.headersMs / 1000).toFixed(1)} s, stored ${(round.o.storedMs / 1000).toFixed(1)} s, indexed ${(round.o.indexedMs / 1000).toFixed(1)} s; mbsync ${(round.fsync.ms / 1000).toFixed(1)} s, FSync no ${(round.noFsync.ms / 1000).toFixed(1)} s`);
  }
} finally {
  if (!KEEP) await removeSeed();
}
if (mismatches.length > 0) {
  console.error(`FAILED: message counts differ\n  ${mismatches.join('\n  ')}`);
  process.exit(1);
}

// Speed ratios (≥ 1: we are faster): mbsync's time / ours. The indexed ratio is a time ratio (ours / mbsync's,
// target ≤ 2). Reference: mbsync with `FSync no` (the faster peer); the default-fsync figures beside.
const per = (f: (r: Round) => number) => r3(median(rounds.map(f)));
const o = rounds.map((r) => r.o);
const summary = {
  syncMessages: COUNT,
  syncCorpusMb: seededBytes ? Math.round(seededBytes / 1048576) : undefined,
  syncRounds: ROUNDS,
  headersRatioVsMbsync: per((r) => r.noFsync.ms / r.o.headersMs),
  storedRatioVsMbsync: per((r) => r.noFsync.ms / r.o.storedMs),
  indexedRatioVsMbsync: per((r) => r.o.indexedMs / r.noFsync.ms),
  headersRatioVsMbsyncFsync: per((r) => r.fsync.ms / r.o.headersMs),
  storedRatioVsMbsyncFsync: per((r) => r.fsync.ms / r.o.storedMs),
  indexedRatioVsMbsyncFsync: per((r) => r.o.indexedMs / r.fsync.ms),
  oursHeadersMs: Math.round(median(o.map((x) => x.headersMs))),
  oursStoredMs: Math.round(median(o.map((x) => x.storedMs))),
  oursIndexedMs: Math.round(median(o.map((x) => x.indexedMs))),
  mbsyncMs: Math.round(median(rounds.map((r) => r.fsync.ms))),
  mbsyncNoFsyncMs: Math.round(median(rounds.map((r) => r.noFsync.ms))),
  storedMsgPerSec: Math.round(COUNT / (median(o.map((x) => x.storedMs)) / 1000)),
  mbsyncNoFsyncMsgPerSec: Math.round(COUNT / (median(rounds.map((r) => r.noFsync.ms)) / 1000)),
  engineCpuMsStored: Math.round(median(o.map((x) => x.storedCpuMs))),
  engineCpuMsIndexed: Math.round(median(o.map((x) => x.indexedCpuMs))),
  firstHeadersMs: Math.round(median(o.map((x) => x.firstHeadersMs))),
  resyncRoundTrips: Object.values(o[0]!.resyncOnFolder).reduce((a, b) => a + b, 0),
  resyncCommandsTotal: Object.values(o[0]!.resyncAll).reduce((a, b) => a + b, 0),
  engineRssMb: Math.round(Math.max(...o.map((x) => x.peakRssMb))),
  cacheDbMb: Math.round(median(o.map((x) => x.dbMb))),
  loadAvg1m: Number(os.loadavg()[0]!.toFixed(1)),
};
const fmt = (r: Record<string, number>) => Object.entries(r).map(([v, n]) => `${v}×${n}`).join(', ');
const rows: Array<[string, string]> = [
  ['messages', `${COUNT}${summary.syncCorpusMb ? ` (${summary.syncCorpusMb} MB)` : ''}, ${ROUNDS} rounds, medians`],
  ['ours: list complete (headers)', `${(summary.oursHeadersMs / 1000).toFixed(2)} s`],
  ['ours: every message stored', `${(summary.oursStoredMs / 1000).toFixed(2)} s  ${summary.storedMsgPerSec} msg/s`],
  ['ours: everything indexed', `${(summary.oursIndexedMs / 1000).toFixed(2)} s`],
  ['mbsync (default fsync)', `${(summary.mbsyncMs / 1000).toFixed(2)} s`],
  ['mbsync (FSync no)', `${(summary.mbsyncNoFsyncMs / 1000).toFixed(2)} s  ${summary.mbsyncNoFsyncMsgPerSec} msg/s`],
  ['stored: mbsync time / ours', `${summary.storedRatioVsMbsync} (FSync no), ${summary.storedRatioVsMbsyncFsync} (fsync)   target ≥ 1.0`],
  ['indexed: ours / mbsync time', `${summary.indexedRatioVsMbsync} (FSync no), ${summary.indexedRatioVsMbsyncFsync} (fsync)   target ≤ 2`],
  ['headers: mbsync time / ours', `${summary.headersRatioVsMbsync} (FSync no), ${summary.headersRatioVsMbsyncFsync} (fsync)`],
  ['first 50 headers (from start)', `${summary.firstHeadersMs} ms   target ≤ 300`],
  ['resync, no change: folder connection', `${summary.resyncRoundTrips} (${fmt(o[0]!.resyncOnFolder)})`],
  ['resync, no change: all connections', `${summary.resyncCommandsTotal} (${fmt(o[0]!.resyncAll)})`],
  ['engine process RSS (peak)', `${summary.engineRssMb} MB   target ≤ 250`],
  ['cache file', `${summary.cacheDbMb} MB`],
  ['machine load (1 min avg, cores)', `${summary.loadAvg1m} on ${os.cpus().length}`],
];
const w = Math.max(...rows.map(([k]) => k.length));
say(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n'));
if (JSON_OUT) console.log(JSON.stringify(summary));
process.exit(0);
