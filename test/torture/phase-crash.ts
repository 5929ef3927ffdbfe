// Phase 2: crashes. The engine runs in a child process (crash-child.ts: the engine worker over the real
// encrypted cache); the parent kills it with SIGKILL at a random point during the initial sync or during
// the replay of queued changes (flags + moves), checks PRAGMA integrity_check through the encrypted
// connection, restarts it and compares server and cache: every queued change applied exactly once.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ImapFlow } from 'imapflow';
import { Prng } from '../../sandbox/seed/prng';
import { bitsOf } from '../../main/store/flags';
import { openReader } from '../../main/store/open-store';
import { trackChild, cacheState, compare, imapClient, integrityOk, newStore, rawMessage, serverState, sleep, uniqueName, type TortureStore } from './lib';
import { sendCrashRun, type SendCrashResult } from './send-crash';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// node --import tsx (no tsx CLI wrapper: SIGKILL must reach the process that runs the engine).
const REPO = path.resolve(HERE, '../..');

export interface CrashFigures {
  kills: number;
  lost: number;
  duplicated: number;
  stale: number;
  integrityFailures: number;
  hangs: number;
  byKind: Record<string, number>;
  send: SendCrashResult | null;
  failures: string[];
}

interface Child {
  proc: ChildProcess;
  lines: string[];
  stderr(): string;
  waitLine(pred: (o: Record<string, unknown>) => boolean, ms: number): Promise<boolean>;
}

function spawnChild(args: string[]): Child {
  const proc = trackChild(spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'crash-child.ts'), ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MSS_LOG_LEVEL: 'error' },
  }));
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  readline.createInterface({ input: proc.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters) w();
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-600)));
  return {
    proc,
    lines,
    stderr: () => err.replace(/\s+/g, ' ').trim(),
    waitLine(pred, ms) {
      return new Promise((resolve) => {
        const check = () => {
          if (lines.some((l) => l.startsWith('{') && pred(JSON.parse(l) as Record<string, unknown>))) {
            cleanup();
            resolve(true);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          resolve(false);
        }, ms);
        const onExit = () => {
          cleanup();
          resolve(false);
        };
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
          proc.off('exit', onExit);
        };
        waiters.add(check);
        proc.once('exit', onExit);
        check();
      });
    },
  };
}

async function kill9(c: Child): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  const exited = new Promise((r) => c.proc.once('exit', r));
  c.proc.kill('SIGKILL');
  await exited;
}

async function stopGracefully(c: Child): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  const exited = new Promise((r) => c.proc.once('exit', r));
  c.proc.kill('SIGTERM');
  const t = setTimeout(() => c.proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}

export async function runCrashes(o: { runs: number; seed: number; log: (l: string) => void; withSend?: boolean; sendRuns?: number }): Promise<CrashFigures> {
  const rng = new Prng(o.seed ^ 0x5eed);
  const fig: CrashFigures = { kills: 0, lost: 0, duplicated: 0, stale: 0, integrityFailures: 0, hangs: 0, byKind: {}, send: null, failures: [] };
  const srv = await imapClient();
  const syncFolder = uniqueName('crash-sync');
  const made: string[] = [syncFolder];
  try {
    await srv.mailboxCreate(syncFolder);
    for (let i = 0; i < 300; i++) await srv.append(syncFolder, rawMessage(i, syncFolder), i % 7 === 0 ? ['\\Seen'] : []);
    for (let run = 0; run < o.runs; run++) {
      const kind = run % 2 === 0 ? 'sync' : 'replay';
      fig.byKind[kind] = (fig.byKind[kind] ?? 0) + 1;
      const store = newStore(`crash-${kind}`);
      // The parent only reads: the child's worker is the single writer.
      store.writer.close();
      try {
        if (kind === 'sync') await syncCrash(srv, syncFolder, store, rng, fig);
        else await replayCrash(srv, store, rng, fig, made);
      } catch (e) {
        fig.failures.push(`run ${run} (${kind}): ${(e as Error).message}`);
      } finally {
        fs.rmSync(store.dir, { recursive: true, force: true });
      }
      o.log(`  crash: ${run + 1}/${o.runs} (${kind})`);
    }
    if (o.withSend !== false) {
      fig.send = await sendCrashRun({ rng, log: o.log, runs: o.sendRuns ?? Math.max(3, Math.round(o.runs / 3)) }).catch((e: unknown) => ({
        available: false, reason: (e as Error).message, kills: 0, sent: 0, delivered: {}, lost: 0, duplicated: 0, failures: [],
      }));
      if (fig.send.available) {
        fig.kills += fig.send.kills;
        fig.lost += fig.send.lost;
        fig.duplicated += fig.send.duplicated;
        fig.byKind.send = fig.send.kills;
        fig.failures.push(...fig.send.failures);
      }
    }
  } finally {
    for (const f of made) await srv.mailboxDelete(f).catch(() => {});
    await srv.logout().catch(() => {});
  }
  return fig;
}

async function afterKill(store: TortureStore, fig: CrashFigures, what: string): Promise<void> {
  fig.kills++;
  if (fs.existsSync(store.file) && !integrityOk(store.file, store.keyHex)) {
    fig.integrityFailures++;
    fig.failures.push(`${what}: integrity_check failed after kill -9`);
  }
}

async function syncCrash(srv: ImapFlow, folder: string, store: TortureStore, rng: Prng, fig: CrashFigures): Promise<void> {
  // One or two kills at random points of the initial sync (headers then bodies), then a clean run.
  const kills = rng.int(1, 2);
  for (let k = 0; k < kills; k++) {
    const c = spawnChild([store.file, store.keyHex, folder]);
    if (!(await c.waitLine((x) => !!x.ready, 30_000))) {
      await kill9(c);
      throw new Error('child did not start');
    }
    await sleep(rng.int(50, 2500));
    await kill9(c);
    await afterKill(store, fig, 'sync');
  }
  const c = spawnChild([store.file, store.keyHex, folder]);
  try {
    if (!(await c.waitLine((x) => !!x.synced, 60_000))) {
      fig.hangs++;
      throw new Error(`no complete sync after restart (child: ${c.lines.slice(-3).join(' ')} ${c.stderr()})`);
    }
    await converge(srv, store, [folder], new Map(), fig, 'sync');
  } finally {
    await stopGracefully(c);
  }
}

async function replayCrash(srv: ImapFlow, store: TortureStore, rng: Prng, fig: CrashFigures, made: string[]): Promise<void> {
  const src = uniqueName('crash-src');
  const dest = uniqueName('crash-dst');
  made.push(src, dest);
  await srv.mailboxCreate(src);
  await srv.mailboxCreate(dest);
  const n = 30;
  for (let i = 0; i < n; i++) await srv.append(src, rawMessage(i, src));
  const ids = Array.from({ length: n }, (_, i) => `<t${i}.${src}@torture.test>`);
  const pool = [...ids];
  const take = () => pool.splice(rng.int(0, pool.length - 1), 1)[0]!;
  const changes: Array<Record<string, unknown>> = [];
  const expected = new Map<string, { set: number; clear: number }>();
  for (let k = rng.int(3, 8); k > 0; k--) {
    const id = take();
    const flag = rng.pick(['seen', 'flagged', 'answered'] as const);
    changes.push({ kind: 'flags', messageId: id, add: [flag] });
    expected.set(id, { set: bitsOf([flag]), clear: 0 });
  }
  const moved: string[] = [];
  for (let k = rng.int(1, 3); k > 0; k--) {
    const id = take();
    moved.push(id);
    changes.push({ kind: 'move', messageId: id, dest });
  }
  const changesFile = path.join(store.dir, 'changes.json');
  fs.writeFileSync(changesFile, JSON.stringify(changes));
  const c = spawnChild([store.file, store.keyHex, `${src},${dest}`, changesFile]);
  if (!(await c.waitLine((x) => typeof x.queued === 'number', 60_000))) {
    await kill9(c);
    fig.hangs++;
    throw new Error(`changes not queued (child: ${c.lines.slice(-3).join(' ')} ${c.stderr()})`);
  }
  await sleep(rng.int(0, 400)); // during the replay
  await kill9(c);
  await afterKill(store, fig, 'replay');
  const again = spawnChild([store.file, store.keyHex, `${src},${dest}`, changesFile]);
  try {
    if (!(await again.waitLine((x) => !!x.synced, 60_000))) {
      fig.hangs++;
      throw new Error(`no sync after restart (child: ${again.lines.slice(-3).join(' ')} ${again.stderr()})`);
    }
    await converge(srv, store, [src, dest], expected, fig, 'replay');
    // Exactly once: every Message-ID once across both folders on the server, the moved ones in dest.
    const s = await serverState(srv, src);
    const d = await serverState(srv, dest);
    const all = [...s, ...d].map((m) => m.messageId);
    for (const id of ids) {
      const count = all.filter((x) => x === id).length;
      if (count === 0) {
        fig.lost++;
        fig.failures.push(`replay: ${id} gone from the server`);
      } else if (count > 1) {
        fig.duplicated += count - 1;
        fig.failures.push(`replay: ${id} ${count} times on the server`);
      }
    }
    for (const id of moved) {
      if (!d.some((m) => m.messageId === id)) {
        fig.lost++;
        fig.failures.push(`replay: move of ${id} not applied`);
      }
    }
  } finally {
    await stopGracefully(again);
  }
}

/** Waits until the cache equals the server for `folders` and no change is pending; adds the leftovers. */
async function converge(srv: ImapFlow, store: TortureStore, folders: string[], expected: Map<string, { set: number; clear: number }>, fig: CrashFigures, what: string): Promise<void> {
  const reader = openReader(store.file, store.keyHex);
  try {
    const end = Date.now() + 40_000;
    let last = { lost: 0, duplicated: 0, stale: 0, details: [] as string[] };
    while (Date.now() < end) {
      await sleep(300);
      const account = reader.listAccounts()[0];
      if (!account || reader.countPendingChanges() > 0) continue;
      last = { lost: 0, duplicated: 0, stale: 0, details: [] };
      for (const f of folders) {
        const cache = cacheState(reader, account.id, f);
        const server = await serverState(srv, f);
        const d = compare(server, cache ?? []);
        last.lost += d.lost;
        last.duplicated += d.duplicated;
        last.stale += d.stale;
        last.details.push(...d.details);
        for (const m of server) {
          const e = m.messageId ? expected.get(m.messageId) : undefined;
          if (e && ((m.flags & e.set) !== e.set || (m.flags & e.clear) !== 0)) {
            last.lost++;
            last.details.push(`queued flag change on ${m.messageId} not applied`);
          }
        }
      }
      if (last.lost + last.duplicated + last.stale === 0) return;
    }
    fig.lost += last.lost;
    fig.duplicated += last.duplicated;
    fig.stale += last.stale;
    fig.failures.push(`${what}: not converged: pending ${reader.countPendingChanges()}; ${last.details.slice(0, 5).join('; ')}`);
  } finally {
    reader.close();
  }
}
