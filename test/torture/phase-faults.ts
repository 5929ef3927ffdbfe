// Phase 1: network faults. The engine reaches the sandbox Dovecot through the fault proxy; each run arms
// one random fault (drop, cut after N bytes, stall, slow) during an initial sync, a resync after changes
// made by another client, or local flag changes; then the path heals, the engine recovers on its own
// (plus one syncNow, as the connectivity-restored path does) and server and cache are compared.
import type { ImapFlow } from 'imapflow';
import { PORTS } from '../../sandbox/config';
import { Prng } from '../../sandbox/seed/prng';
import { bitsOf, type FlagName } from '../../main/store/flags';
import { SyncEngine } from '../../main/sync/engine';
import type { EngineOptions } from '../../main/sync/types';
import { FaultProxy, randomFault, type Fault } from './fault-proxy';
import { openReader } from '../../main/store/open-store';
import { enqueue, makeSender, outboxSettled, SENDER_BAL } from './send-harness';
import {
  cacheState, compare, engineAccount, imapClient, integrityOk, newStore, passwordCredentials, rawMessage, serverState, sleep,
  TORTURE_BAL, uniqueName, withTimeout, type TortureStore,
} from './lib';

export type RunKind = 'initial' | 'resync' | 'flags' | 'send';

export interface FaultFigures {
  runs: number;
  lost: number;
  duplicated: number;
  stale: number;
  hangs: number;
  notConverged: number;
  integrityFailures: number;
  byKind: Record<string, number>;
  byMode: Record<string, number>;
  faultsApplied: number;
  convergeMsP50: number;
  convergeMsP95: number;
  failures: string[];
}

const SEED_MESSAGES = 40;
const CONVERGE_MS = 40_000;

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export async function runFaults(o: { runs: number; seed: number; log: (l: string) => void; kinds?: RunKind[] }): Promise<FaultFigures> {
  const rng = new Prng(o.seed);
  const fig: FaultFigures = {
    runs: 0, lost: 0, duplicated: 0, stale: 0, hangs: 0, notConverged: 0, integrityFailures: 0, byKind: {}, byMode: {},
    faultsApplied: 0, convergeMsP50: 0, convergeMsP95: 0, failures: [],
  };
  const convergeTimes: number[] = [];
  const folder = uniqueName('faults');
  const srv = await imapClient();
  const proxy = new FaultProxy(PORTS.imap);
  await proxy.start();
  const smtpProxy = new FaultProxy(PORTS.submission);
  await smtpProxy.start();
  let persistent: TortureStore | null = null;
  let nextIndex = SEED_MESSAGES;
  // Local flag changes still expected on the server, by Message-ID: bits set / bits cleared.
  const expected = new Map<string, { set: number; clear: number }>();
  try {
    await srv.mailboxCreate(folder);
    for (let i = 0; i < SEED_MESSAGES; i++) await srv.append(folder, rawMessage(i, folder), i % 5 === 0 ? ['\\Seen'] : []);
    persistent = newStore('faults-persistent');
    const kinds: RunKind[] = o.kinds ?? ['initial', 'resync', 'flags', 'send'];

    for (let run = 0; run < o.runs; run++) {
      const kind = kinds[run % kinds.length]!;
      const fault: Fault = randomFault(rng);
      const opts: EngineOptions = {
        headerBatchSize: rng.pick([5, 20, 250]),
        bodyBatchBytes: rng.pick([16_000, 4 * 1024 * 1024]),
        backoff: { baseMs: 50, maxMs: 800 },
        pollIntervalMs: 3_000,
        socketTimeoutMs: 8_000,
        connectionBudget: rng.pick([1, 2, 10]),
      };
      fig.byKind[kind] = (fig.byKind[kind] ?? 0) + 1;
      fig.byMode[fault.mode] = (fig.byMode[fault.mode] ?? 0) + 1;
      if (process.env.TORTURE_VERBOSE) o.log(`  run ${run} ${kind} ${JSON.stringify(fault)} start`);
      if (kind === 'send') {
        const before = smtpProxy.faultsApplied;
        await sendFaultRun(run, srv, smtpProxy, fault, rng, fig, convergeTimes);
        fig.faultsApplied += smtpProxy.faultsApplied - before;
        fig.runs++;
        if ((run + 1) % 20 === 0) o.log(`  faults: ${run + 1}/${o.runs} runs, not converged ${fig.notConverged}`);
        continue;
      }
      const store = kind === 'initial' ? newStore('faults-initial') : persistent;
      const appliedBefore = proxy.faultsApplied;

      if (kind === 'resync' || kind === 'flags') await serverSideChanges(srv, folder, rng, () => nextIndex++);

      proxy.arm(fault);
      const engine = new SyncEngine(store.writer, passwordCredentials(), opts);
      const trail: string[] = [];
      engine.on((e) => {
        if (e.type === 'connectivity') trail.push(e.online ? 'on' : `off(${e.reason ?? ''})`);
        else if (e.type === 'error' || e.type === 'authFailed') trail.push(e.type);
      });
      const accountId = engine.start(engineAccount([folder], proxy.port));
      const faultMs = rng.int(200, 1800);
      if (kind === 'flags') {
        await sleep(rng.int(0, Math.min(600, faultMs)));
        localFlagChanges(engine, store, accountId, folder, rng, expected);
        await sleep(faultMs);
      } else {
        await sleep(faultMs);
      }
      proxy.heal();
      engine.syncNow(TORTURE_BAL.address);

      const t0 = Date.now();
      let last = { lost: 0, duplicated: 0, stale: 0, details: [] as string[] };
      let converged = false;
      while (Date.now() - t0 < CONVERGE_MS) {
        await sleep(250);
        const f = store.writer.getFolderByPath(accountId, folder);
        if (!f || f.highestmodseq === null || store.writer.countPendingChanges() > 0) continue;
        const server = await serverState(srv, folder);
        const cache = cacheState(store.writer, accountId, folder) ?? [];
        const d = compare(server, cache);
        d.lost += lostLocalChanges(server, expected, d.details);
        last = d;
        if (d.lost + d.duplicated + d.stale === 0) {
          converged = true;
          break;
        }
      }
      if (converged) convergeTimes.push(Date.now() - t0);
      else {
        fig.notConverged++;
        fig.lost += last.lost;
        fig.duplicated += last.duplicated;
        fig.stale += last.stale;
        const pending = store.writer.countPendingChanges();
        const st = await srv.status(folder, { highestModseq: true, uidNext: true });
        const cf = store.writer.getFolderByPath(accountId, folder);
        last.details.unshift(`cache modseq ${cf?.highestmodseq} uidnext ${cf?.uidnext} / server ${st ? `${String(st.highestModseq)} ${st.uidNext}` : '?'}; events ${trail.join(' ')}`);
        if (last.lost + last.duplicated + last.stale === 0) fig.hangs++; // never reached a complete state
        fig.failures.push(`run ${run} (${kind}, ${JSON.stringify(fault)}): not converged in ${CONVERGE_MS} ms, pending ${pending}; ${last.details.slice(0, 5).join('; ')}`);
      }
      try {
        await withTimeout(engine.stop(), 15_000, 'engine.stop');
      } catch (e) {
        fig.hangs++;
        fig.failures.push(`run ${run}: ${(e as Error).message}`);
      }
      fig.faultsApplied += proxy.faultsApplied - appliedBefore;
      if (kind === 'initial') {
        if (!integrityOk(store.file, store.keyHex)) fig.integrityFailures++;
        store.close();
      }
      fig.runs++;
      if (process.env.TORTURE_VERBOSE) o.log(`  run ${run} ${kind} ${JSON.stringify(fault)} ok`);
      if ((run + 1) % 20 === 0) o.log(`  faults: ${run + 1}/${o.runs} runs, not converged ${fig.notConverged}`);
    }
    if (persistent && !integrityOk(persistent.file, persistent.keyHex)) fig.integrityFailures++;
  } finally {
    await proxy.close();
    await smtpProxy.close();
    await cleanupSent(srv).catch(() => {});
    await srv.mailboxDelete(folder).catch(() => {});
    await srv.logout().catch(() => {});
    persistent?.close();
  }
  fig.convergeMsP50 = percentile(convergeTimes, 50);
  fig.convergeMsP95 = percentile(convergeTimes, 95);
  return fig;
}

/** Another client: flags on odd UIDs, a new message or two, now and then an expunge (odd UIDs only). */
async function serverSideChanges(srv: ImapFlow, folder: string, rng: Prng, next: () => number): Promise<void> {
  const box = await srv.mailboxOpen(folder);
  const uids = ((await srv.search({ all: true }, { uid: true })) || []).filter((u) => u % 2 === 1);
  for (let k = rng.int(0, 3); k > 0 && uids.length; k--) {
    const uid = rng.pick(uids);
    const flag = rng.pick(['\\Seen', '\\Flagged', '\\Answered', '$Forwarded']);
    if (rng.chance(0.5)) await srv.messageFlagsAdd(String(uid), [flag], { uid: true });
    else await srv.messageFlagsRemove(String(uid), [flag], { uid: true });
  }
  for (let k = rng.int(0, 2); k > 0; k--) {
    const i = next();
    await srv.append(folder, rawMessage(i, folder));
  }
  if (box.exists > SEED_MESSAGES + 6 && uids.length && rng.chance(0.6)) {
    await srv.messageDelete(String(rng.pick(uids)), { uid: true });
  }
}

const LOCAL_FLAGS: FlagName[] = ['seen', 'flagged', 'answered'];

/** Local changes (as the UI asks them) on even UIDs; what the server must end up with is remembered. */
function localFlagChanges(engine: SyncEngine, store: TortureStore, accountId: number, folder: string, rng: Prng, expected: Map<string, { set: number; clear: number }>): void {
  const f = store.writer.getFolderByPath(accountId, folder);
  if (!f) return;
  const rows = store.writer.listMessages(f.id, { limit: 1000 }).filter((m) => m.uid > 0 && m.uid % 2 === 0 && m.messageId);
  for (let k = rng.int(1, 4); k > 0 && rows.length; k--) {
    const m = rng.pick(rows);
    const flag = rng.pick(LOCAL_FLAGS);
    const add = rng.chance(0.5);
    engine.applyChange({ kind: 'flags', messageIds: [m.id], ...(add ? { add: [flag] } : { remove: [flag] }) });
    const bit = bitsOf([flag]);
    const e = expected.get(m.messageId!) ?? { set: 0, clear: 0 };
    if (add) {
      e.set |= bit;
      e.clear &= ~bit;
    } else {
      e.clear |= bit;
      e.set &= ~bit;
    }
    expected.set(m.messageId!, e);
  }
}

function lostLocalChanges(server: Array<{ messageId: string | null; flags: number }>, expected: Map<string, { set: number; clear: number }>, details: string[]): number {
  let lost = 0;
  const byId = new Map(server.map((m) => [m.messageId, m]));
  for (const [id, e] of expected) {
    const s = byId.get(id);
    if (!s) continue;
    if ((s.flags & e.set) !== e.set || (s.flags & e.clear) !== 0) {
      lost++;
      details.push(`local change on ${id} not on server (flags ${s.flags}, want +${e.set} -${e.clear})`);
    }
  }
  return lost;
}

/** Sending through the fault proxy (SMTP submission): the real OutboxSender, real PSC token. */
async function sendFaultRun(run: number, srv: ImapFlow, smtpProxy: FaultProxy, fault: Fault, rng: Prng, fig: FaultFigures, times: number[]): Promise<void> {
  const store = newStore('faults-send');
  const reader = openReader(store.file, store.keyHex);
  const { sender, outgoing } = makeSender({ reader, writer: store.writer }, { smtpPort: smtpProxy.port });
  try {
    const ids = enqueue(store.writer, rng.int(1, 3), `f${run}`);
    smtpProxy.arm({ ...fault, ...(fault.afterBytes !== undefined ? { afterBytes: fault.afterBytes % 6_000 } : {}) });
    const faultEnd = Date.now() + rng.int(200, 1800);
    while (Date.now() < faultEnd) {
      await Promise.race([sender.kick(), sleep(500)]);
      await sleep(50);
    }
    smtpProxy.heal();
    const t0 = Date.now();
    let settled = false;
    while (Date.now() - t0 < CONVERGE_MS) {
      for (const o of store.writer.listOutbox()) sender.retryNow(o.id);
      await withTimeout(sender.kick(), 30_000, 'sender pass').catch(() => {});
      if (outboxSettled(reader)) {
        settled = true;
        break;
      }
      await sleep(200);
    }
    if (settled) times.push(Date.now() - t0);
    else {
      fig.notConverged++;
      fig.failures.push(`run ${run} (send, ${JSON.stringify(fault)}): outbox not settled: ${store.writer.listOutbox().map((o) => `${o.state}/${o.lastError ?? ''}`).join(', ')}`);
    }
    for (const id of ids) {
      let n = 0;
      for (let t = 0; t < 60; t++) {
        n = await countById(srv, 'INBOX', id);
        if (n > 0) break;
        await sleep(250);
      }
      if (n === 0) {
        fig.lost++;
        fig.failures.push(`run ${run} (send): ${id} never delivered`);
      } else if (n > 1) {
        fig.duplicated += n - 1;
        fig.failures.push(`run ${run} (send, ${JSON.stringify(fault)}): ${id} delivered ${n} times`);
      }
    }
  } finally {
    sender.dispose();
    await outgoing.stop();
    reader.close();
    store.close();
  }
}

async function countById(c: ImapFlow, folder: string, messageId: string): Promise<number> {
  await c.mailboxOpen(folder);
  const r = await c.search({ header: { 'message-id': messageId } }, { uid: true });
  if (!r) throw new Error('SEARCH failed');
  return r.length;
}

/** Removes the suite's sent messages (recipient INBOX, sender INBOX + Sent). */
async function cleanupSent(srv: ImapFlow): Promise<void> {
  const wipe = async (c: ImapFlow, folder: string) => {
    await c.mailboxOpen(folder);
    const r = await c.search({ header: { 'message-id': '@torture.' } }, { uid: true });
    if (r && r.length) await c.messageDelete(r.join(','), { uid: true });
  };
  await wipe(srv, 'INBOX');
  const bob = await imapClient(SENDER_BAL.address);
  try {
    await wipe(bob, 'INBOX');
    await wipe(bob, 'Sent');
  } finally {
    await bob.logout().catch(() => {});
  }
}
