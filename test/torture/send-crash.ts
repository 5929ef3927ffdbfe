// Crash runs of the durable outbox: the real OutboxSender in a child process (send-child.ts), killed with
// SIGKILL at random points while it sends; restarted; then every queued message must be in the
// recipient's INBOX exactly once (counted by Message-ID) and in the sender's Sent exactly once.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ImapFlow } from 'imapflow';
import type { Prng } from '../../sandbox/seed/prng';
import { trackChild, imapClient, integrityOk, newStore, sleep, TORTURE_BAL } from './lib';
import { SENDER_BAL } from './send-harness';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// node --import tsx (no tsx CLI wrapper: SIGKILL must reach the process that runs the engine).
const REPO = path.resolve(HERE, '../..');

export interface SendCrashResult {
  available: boolean;
  reason?: string;
  kills: number;
  sent: number;
  /** Message-ID count histogram in the recipient's INBOX: { "1": n, "2": m } */
  delivered: Record<string, number>;
  lost: number;
  duplicated: number;
  integrityFailures?: number;
  failures: string[];
}

function child(args: string[]): { proc: ChildProcess; wait(key: string, ms: number): Promise<boolean> } {
  const proc = trackChild(spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'send-child.ts'), ...args], {
    cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MSS_LOG_LEVEL: 'error' } }));
  const seen = new Set<string>();
  const waiters = new Set<() => void>();
  readline.createInterface({ input: proc.stdout! }).on('line', (l) => {
    try {
      for (const k of Object.keys(JSON.parse(l) as object)) seen.add(k);
    } catch {
      /* not ours */
    }
    for (const w of waiters) w();
  });
  proc.stderr!.on('data', () => {});
  return {
    proc,
    wait(key, ms) {
      return new Promise((resolve) => {
        const done = (v: boolean) => {
          clearTimeout(t);
          waiters.delete(check);
          proc.off('exit', onExit);
          resolve(v);
        };
        const check = () => seen.has(key) && done(true);
        const onExit = () => done(seen.has(key));
        const t = setTimeout(() => done(false), ms);
        waiters.add(check);
        proc.once('exit', onExit);
        check();
      });
    },
  };
}

async function kill(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  await exited;
}

async function countByMessageId(c: ImapFlow, folder: string, messageId: string): Promise<number[]> {
  await c.mailboxOpen(folder);
  const r = await c.search({ header: { 'message-id': messageId } }, { uid: true });
  if (r === false || r === undefined) throw new Error('SEARCH failed');
  return r;
}

export async function sendCrashRun(o: { rng: Prng; log: (l: string) => void; runs: number }): Promise<SendCrashResult> {
  const res: SendCrashResult = { available: true, kills: 0, sent: 0, delivered: {}, lost: 0, duplicated: 0, integrityFailures: 0, failures: [] };
  const recipient = await imapClient(TORTURE_BAL.address);
  const sender = await imapClient(SENDER_BAL.address);
  const cleanup: Array<{ c: ImapFlow; folder: string; uids: number[] }> = [];
  try {
    for (let run = 0; run < o.runs; run++) {
      const store = newStore('send-crash');
      store.writer.close();
      const tag = `r${run}${Date.now().toString(36)}`;
      try {
        const first = child([store.file, store.keyHex, String(o.rng.int(2, 5)), tag]);
        if (!(await first.wait('queued', 30_000))) throw new Error('send child did not queue');
        await sleep(o.rng.int(0, 1500));
        await kill(first.proc, 'SIGKILL');
        res.kills++;
        if (!integrityOk(store.file, store.keyHex)) res.integrityFailures!++;
        const ids = JSON.parse(fs.readFileSync(`${store.file}.queued`, 'utf8')) as string[];
        res.sent += ids.length;
        const second = child([store.file, store.keyHex]);
        const settled = await second.wait('settled', 60_000);
        await kill(second.proc, 'SIGTERM');
        if (!settled) res.failures.push(`send run ${run}: outbox not settled within 60 s after restart`);
        for (const id of ids) {
          let uids: number[] = [];
          for (let t = 0; t < 60; t++) {
            uids = await countByMessageId(recipient, 'INBOX', id);
            if (uids.length > 0) break;
            await sleep(250);
          }
          await sleep(100);
          uids = await countByMessageId(recipient, 'INBOX', id);
          res.delivered[String(uids.length)] = (res.delivered[String(uids.length)] ?? 0) + 1;
          if (uids.length === 0) {
            res.lost++;
            res.failures.push(`send run ${run}: ${id} never delivered`);
          } else if (uids.length > 1) {
            res.duplicated += uids.length - 1;
            res.failures.push(`send run ${run}: ${id} delivered ${uids.length} times`);
          }
          cleanup.push({ c: recipient, folder: 'INBOX', uids });
          const sent = await countByMessageId(sender, 'Sent', id).catch(() => [] as number[]);
          if (sent.length !== 1) res.failures.push(`send run ${run}: ${id} ${sent.length} copies in Sent`);
          if (sent.length > 1) res.duplicated += sent.length - 1;
          cleanup.push({ c: sender, folder: 'Sent', uids: sent });
          cleanup.push({ c: sender, folder: 'INBOX', uids: await countByMessageId(sender, 'INBOX', id) });
        }
      } catch (e) {
        res.failures.push(`send run ${run}: ${(e as Error).message}`);
      } finally {
        fs.rmSync(store.dir, { recursive: true, force: true });
      }
      o.log(`  send crash: ${run + 1}/${o.runs}`);
    }
  } finally {
    for (const x of cleanup) {
      if (!x.uids.length) continue;
      await x.c.mailboxOpen(x.folder).catch(() => {});
      await x.c.messageDelete(x.uids.join(','), { uid: true }).catch(() => {});
    }
    await recipient.logout().catch(() => {});
    await sender.logout().catch(() => {});
  }
  return res;
}
