// Main-thread stall during a sync (a command, not a test):
//   npx tsx bench/main-stall-bench.ts [--count 20000] [--small] [--json] [--keep]
// The app's process model: the engine worker holds the cache's single writer and syncs a seeded folder from
// an empty cache while this thread plays the Electron main process — a draft autosaved every 250 ms and an
// audit entry per save, both asked of the writer (CacheWrites), and a list read on the read-only handle.
// perf_hooks.monitorEventLoopDelay measures this thread's event-loop delay until every message is stored:
// its p99 is the stall a person would feel (typing, switching BAL). With --compare, the same run again with
// the former model (main's own write connection, writes waiting on the sync's lock on this thread).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BALS, HOST, PATHS, PORTS } from '../sandbox/config';
import { ensureSandboxUp, plainImapClient } from '../sandbox/control';
import { seedLarge } from '../sandbox/seed';
import { cacheWritesOver, writesOn, type AppWriteOp, type CacheWrites } from '../main/store/app-writes';
import { openReader, openWriter } from '../main/store/open-store';
import { SyncQueries } from '../main/store/sync-queries';
import { EngineWorkerHost } from '../main/sync/engine-host';
import type { EngineAccount } from '../main/sync/types';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const COUNT = Number(arg('--count', '20000'));
const REALISTIC = !argv.includes('--small');
const JSON_OUT = argv.includes('--json');
const KEEP = argv.includes('--keep');
const COMPARE = argv.includes('--compare');
const BAL = BALS.find((b) => b.address.startsWith('bob.'))!;
const FOLDER = `bench-stall-${COUNT}${REALISTIC ? '-r1' : ''}`;
const AUTOSAVE_MS = 250;
const say = (s: string) => (JSON_OUT ? console.error(s) : console.log(s));

async function ensureSeeded(): Promise<void> {
  const c = await plainImapClient(BAL.address);
  try {
    const st = await c.status(FOLDER, { messages: true }).catch(() => false as const);
    if (st && st.messages === COUNT) return;
    if (st) await c.mailboxDelete(FOLDER);
  } finally {
    await c.logout().catch(() => {});
  }
  const r = await seedLarge(BAL.address, COUNT, { folder: FOLDER, realistic: REALISTIC });
  say(`seeded ${COUNT} messages (${Math.round(r.bytes / 1048576)} MB) in ${r.ms} ms`);
}

const account: EngineAccount = {
  address: BAL.address, type: 'PER', label: 'bench',
  imap: { host: HOST, port: PORTS.imap, security: 'starttls', servername: 'localhost', caPem: [fs.readFileSync(PATHS.caCert, 'utf8')] },
  onlyFolders: [FOLDER],
};

interface Figures { p50Ms: number; p99Ms: number; maxMs: number; saves: number; savesP99Ms: number; storedMs: number }

/** One sync from an empty cache with drafts autosaving on this thread; `ownWriter`: the former model. */
async function run(ownWriter: boolean): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stall-bench-'));
  const file = path.join(dir, 'cache.db');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const host = new EngineWorkerHost({ dbFile: file, keyHex, options: { pollIntervalMs: 600_000 } }, async () => ({ user: BAL.address, auth: { kind: 'password', pass: BAL.password } }));
  await host.ready;
  const reader = openReader(file, keyHex);
  const legacy = ownWriter ? openWriter(file, keyHex) : null;
  const writes: CacheWrites = legacy ? writesOn(legacy) : cacheWritesOver((op: AppWriteOp, args) => (host.write as (o: AppWriteOp, ...a: unknown[]) => Promise<unknown>)(op, ...args));
  const q = new SyncQueries(reader as never);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const saveTimes: number[] = [];
  let saving = true;
  try {
    const accountId = await writes.ensureAccount({ address: BAL.address, type: 'PER', label: 'bench' });
    const t0 = performance.now();
    histogram.enable();
    await host.start(account);
    // The composer: the same draft saved every AUTOSAVE_MS, an audit entry with each, the list re-read.
    const autosave = (async () => {
      let draftId: number | undefined;
      for (let n = 0; saving; n++) {
        const s0 = performance.now();
        const d = await writes.saveDraft({ ...(draftId ? { id: draftId } : {}), accountId, subject: 'Compte rendu', bodyText: `Brouillon ${n} `.repeat(200) },
          { requestDsn: false, requestReadReceipt: false, patientNoReply: false }, [], { kind: 'saved', bal: BAL.address, dueAt: Date.now() + 60_000 });
        draftId = d.id;
        await writes.appendAudit({ idnat: '810101234560', bal: BAL.address, action: 'bench.autosave', result: 'ok' });
        saveTimes.push(performance.now() - s0);
        const f = reader.getFolderByPath(accountId, FOLDER);
        if (f) reader.listMessages(f.id, { limit: 50 });
        await new Promise((r) => setTimeout(r, AUTOSAVE_MS));
      }
    })();
    // Every message stored (readable offline): polled, a bound against a hang.
    const end = Date.now() + 3_600_000;
    for (;;) {
      const f = reader.getFolderByPath(accountId, FOLDER);
      if (f?.highestmodseq && q.countMessages(f.id) === COUNT && q.countNeedingBody(f.id) === 0) break;
      if (Date.now() > end) throw new Error('timeout: stored');
      await new Promise((r) => setTimeout(r, 200));
    }
    const storedMs = performance.now() - t0;
    saving = false;
    await autosave;
    histogram.disable();
    const ms = (ns: number) => Number((ns / 1e6).toFixed(1));
    const sorted = [...saveTimes].sort((a, b) => a - b);
    return {
      p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max),
      saves: saveTimes.length, savesP99Ms: Number((sorted[Math.floor(sorted.length * 0.99)] ?? 0).toFixed(1)), storedMs: Math.round(storedMs),
    };
  } finally {
    saving = false;
    await host.terminate();
    legacy?.close();
    reader.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await ensureSandboxUp();
await ensureSeeded();
try {
  const one = await run(false);
  say(`one writer (main writes through the engine worker): event-loop delay p50 ${one.p50Ms} ms, p99 ${one.p99Ms} ms, max ${one.maxMs} ms; ${one.saves} autosaves (p99 ${one.savesP99Ms} ms to commit); stored in ${(one.storedMs / 1000).toFixed(1)} s`);
  const before = COMPARE ? await run(true) : null;
  if (before) say(`former model (main's own write connection): p50 ${before.p50Ms} ms, p99 ${before.p99Ms} ms, max ${before.maxMs} ms; ${before.saves} autosaves`);
  const summary = {
    mainStallMessages: COUNT,
    mainStallP99Ms: one.p99Ms,
    mainStallMaxMs: one.maxMs,
    mainAutosaveCommitP99Ms: one.savesP99Ms,
    ...(before ? { mainStallP99MsOwnWriter: before.p99Ms, mainStallMaxMsOwnWriter: before.maxMs } : {}),
    loadAvg1m: Number(os.loadavg()[0]!.toFixed(1)),
  };
  if (JSON_OUT) console.log(JSON.stringify(summary));
} finally {
  if (!KEEP) {
    const c = await plainImapClient(BAL.address);
    await c.mailboxDelete(FOLDER).catch(() => {});
    await c.logout().catch(() => {});
  }
}
process.exit(0);
