// Phase 4a: hostile input. The corpus (hostile-corpus.ts) goes through the product's parsing paths in a
// child process with a heap limit and a per-item timeout (hostile-child.ts): crashes and hangs counted,
// refusals checked. Then the MIME items are appended to a Dovecot folder and synced by the real engine
// (crash-child.ts, heap-limited): the IMAP path (BODYSTRUCTURE, ENVELOPE, bodies) must survive them too.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openReader } from '../../main/store/open-store';
import { writeCorpus, type CorpusItem } from './hostile-corpus';
import { imapClient, newStore, sleep, tmpDir, trackChild, uniqueName } from './lib';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const ITEM_TIMEOUT_MS = 30_000;
const HEAP_MB = 1024;

export interface HostileFigures {
  inputs: number;
  crashes: number;
  hangs: number;
  refusalsMissed: number;
  unexpectedErrors: number;
  leaks: number;
  byPath: Record<string, number>;
  /** Generated MIME cases (mime-fuzz.ts) run through the body parser. */
  mimeFuzzCases: number;
  peakRssMb: number;
  imapSync: { messages: number; cached: number; withBody: number; crashed: boolean; hung: boolean; ms: number } | null;
  results: Array<{ name: string; kind: string; ms: number | null; outcome: string }>;
  failures: string[];
}

export async function runHostile(o: { seed: number; log: (l: string) => void; big?: boolean; imap?: boolean }): Promise<HostileFigures> {
  const dir = tmpDir('hostile');
  const fig: HostileFigures = { inputs: 0, crashes: 0, hangs: 0, refusalsMissed: 0, unexpectedErrors: 0, leaks: 0, byPath: {}, mimeFuzzCases: 0, peakRssMb: 0, imapSync: null, results: [], failures: [] };
  try {
    const items = writeCorpus(path.join(dir, 'corpus'), o.seed, o.big !== false);
    const manifest = path.join(dir, 'manifest.json');
    fs.writeFileSync(manifest, JSON.stringify(items));
    fig.inputs = items.length;
    for (const it of items) fig.byPath[it.kind] = (fig.byPath[it.kind] ?? 0) + 1;
    for (const it of items) if (it.kind === 'mimefuzz') fig.mimeFuzzCases += (JSON.parse(fs.readFileSync(it.file, 'utf8')) as { count: number }).count;
    let next = 0;
    while (next < items.length) {
      next = await runFrom(manifest, items, next, path.join(dir, 'store'), fig);
    }
    if (o.imap !== false) fig.imapSync = await imapPath(items.filter((i) => i.kind === 'mime' && i.imap !== false), fig, o.log);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return fig;
}

/** Runs the child from `start`; returns the index to restart from (items.length when all done). */
function runFrom(manifest: string, items: CorpusItem[], start: number, storeDir: string, fig: HostileFigures): Promise<number> {
  return new Promise((resolve) => {
    const proc: ChildProcess = trackChild(spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--stack-size=984', '--import', 'tsx', path.join(HERE, 'hostile-child.ts'), manifest, String(start), storeDir], {
      cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MSS_LOG_LEVEL: 'error' },
    }));
    let current = -1;
    let timer: NodeJS.Timeout | null = null;
    let stderr = '';
    let settled = false;
    const finish = (nextIndex: number) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(nextIndex);
    };
    proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-400)));
    readline.createInterface({ input: proc.stdout! }).on('line', (l) => {
      if (!l.startsWith('{')) return;
      const m = JSON.parse(l) as Record<string, unknown>;
      if (typeof m.begin === 'number') {
        current = m.begin;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          const it = items[current]!;
          fig.hangs++;
          fig.failures.push(`HANG ${it.kind}/${it.name} (> ${ITEM_TIMEOUT_MS} ms)`);
          fig.results.push({ name: it.name, kind: it.kind, ms: null, outcome: 'hang' });
          proc.kill('SIGKILL');
        }, ITEM_TIMEOUT_MS);
      } else if (typeof m.done === 'number') {
        if (timer) clearTimeout(timer);
        const it = items[m.done]!;
        fig.peakRssMb = Math.max(fig.peakRssMb, Number(m.rssMb) || 0);
        const refused = m.refused === true;
        let outcome = refused ? `refused (${String(m.error ?? 'no result')})` : `parsed${m.note ? ` (${String(m.note)})` : ''}`;
        if (m.unexpected) {
          fig.unexpectedErrors++;
          fig.failures.push(`${it.kind}/${it.name}: unexpected error ${String(m.error)}`);
        }
        if (m.leak) {
          fig.leaks++;
          fig.refusalsMissed++;
          outcome += ` LEAK: ${String(m.leak)}`;
          fig.failures.push(`${it.kind}/${it.name}: ${String(m.leak)}`);
        } else if (it.expect === 'refuse' && !refused) {
          fig.refusalsMissed++;
          fig.failures.push(`${it.kind}/${it.name}: accepted, should be refused`);
        }
        fig.results.push({ name: it.name, kind: it.kind, ms: Number(m.ms), outcome });
      } else if (m.end) finish(items.length);
    });
    proc.once('exit', (code, signal) => {
      if (settled) return;
      const hung = fig.results.some((r) => r.outcome === 'hang' && r.name === items[current]?.name);
      if (current >= 0 && !fig.results.some((r) => r.name === items[current]!.name && r.kind === items[current]!.kind)) {
        const it = items[current]!;
        fig.crashes++;
        fig.failures.push(`CRASH ${it.kind}/${it.name}: exit ${code ?? signal} ${stderr.replace(/\s+/g, ' ').slice(-200)}`);
        fig.results.push({ name: it.name, kind: it.kind, ms: null, outcome: `crash (${code ?? signal})` });
      } else if (current < 0 && !hung) {
        fig.crashes++;
        fig.failures.push(`CRASH at start: ${stderr.slice(-200)}`);
        finish(items.length);
        return;
      }
      finish(current + 1);
    });
  });
}

/** The MIME corpus through Dovecot and the real engine (worker, heap-limited child). */
async function imapPath(items: CorpusItem[], fig: HostileFigures, log: (l: string) => void): Promise<HostileFigures['imapSync']> {
  const folder = uniqueName('hostile');
  const c = await imapClient();
  const store = newStore('hostile-imap');
  store.writer.close();
  const t0 = Date.now();
  let appended = 0;
  try {
    await c.mailboxCreate(folder);
    for (const it of items) {
      const raw = fs.readFileSync(it.file);
      if (raw.length === 0) continue;
      const ok = await c.append(folder, raw).catch(() => false);
      if (ok) appended++;
      else log(`  hostile: Dovecot refused ${it.name} (not counted)`);
    }
    const proc = trackChild(spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', path.join(HERE, 'crash-child.ts'), store.file, store.keyHex, folder], {
      cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MSS_LOG_LEVEL: 'error' },
    }));
    let exited = false;
    proc.once('exit', () => (exited = true));
    proc.stderr!.on('data', () => {});
    proc.stdout!.on('data', () => {});
    const reader = () => openReader(store.file, store.keyHex);
    let cached = 0;
    let withBody = 0;
    let missing: string[] = [];
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline && !exited) {
      await sleep(500);
      if (!fs.existsSync(store.file)) continue;
      const r = reader();
      try {
        const a = r.listAccounts()[0];
        const f = a ? r.getFolderByPath(a.id, folder) : null;
        if (!f) continue;
        const list = r.listMessages(f.id, { limit: 1000 });
        cached = list.length;
        withBody = list.filter((m) => m.bodyState === 'full').length;
        missing = list.filter((m) => m.bodyState !== 'full').map((m) => `${(m.subject ?? '').slice(0, 30)} (${m.bodyState})`);
        if (f.highestmodseq !== null && cached === appended && withBody === appended) break;
      } finally {
        r.close();
      }
    }
    const crashed = exited;
    const hung = !crashed && !(cached === appended && withBody === appended);
    if (crashed) {
      fig.crashes++;
      fig.failures.push(`CRASH engine while syncing the hostile folder (${cached}/${appended} cached)`);
    }
    if (hung) {
      fig.hangs++;
      fig.failures.push(`engine did not finish the hostile folder in 180 s: ${cached}/${appended} headers, ${withBody} bodies; no body: ${missing.join(', ')}`);
    }
    if (!exited) {
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 8_000);
      await done;
      clearTimeout(t);
    }
    return { messages: appended, cached, withBody, crashed, hung, ms: Date.now() - t0 };
  } finally {
    await c.mailboxDelete(folder).catch(() => {});
    await c.logout().catch(() => {});
    fs.rmSync(store.dir, { recursive: true, force: true });
  }
}
