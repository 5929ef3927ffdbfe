// `npm run torture [-- --runs N --seed S --json --only faults,crash,events,hostile,xss,security,load --load]`
// `npm run torture -- --verdict <file>`: re-judges a saved --json output (summary line, exit code) without running.
// Reliability and security suite against the sandbox operator. Prints figures per phase; with --json the
// LAST line is one JSON object: { runs, lost, duplicated, stale, crashes, hangs, scriptRuns, leakedSecrets, ... }.
// Exits 1 when any problem counter (PROBLEMS in summary.ts: lost mail, failed runs, BAD checks, a phase's
// unexpected error, non-converged runs...) is above zero; the summary line prints every one of them
// (summary.ts, tested in test/unit/torture/summary.test.ts).
import fs from 'node:fs';
import { ensureSandboxUp } from '../../sandbox/control';
import { PROBLEMS, type Problem, verdict } from './summary';

process.env.MSS_LOG_LEVEL ??= 'error';
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const value = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : dflt;
};

const runs = Number(value('runs', '200'));
const seed = Number(value('seed', '20261122'));
const json = flag('json');
const ALL = ['faults', 'crash', 'events', 'hostile', 'xss', 'security', 'load'] as const;
const only = new Set(value('only', ALL.join(',')).split(',').map((s) => s.trim()));
// Log lines go to stderr when --json so that stdout's last line is the JSON object.
const log = (l: string) => (json ? process.stderr : process.stdout).write(`${l}\n`);


async function main(): Promise<0 | 1> {
  const t0 = Date.now();
  log(`torture: seed ${seed}, ${runs} fault runs, phases ${[...only].join(',')}`);
  await ensureSandboxUp({ log: (l) => log(`[sandbox] ${l}`) });
  const out: Record<string, unknown> = { seed, runs: 0, ...Object.fromEntries(PROBLEMS.map((k) => [k, 0])) };
  const add = (k: 'runs' | Problem, n: number) => (out[k] = (out[k] as number) + n);
  const phases: Record<string, unknown> = {};
  const errors: string[] = [];
  // A phase that throws is an unexpected error: counted, reported, and the other phases still run.
  const phase = async (name: string, body: () => Promise<void>) => {
    if (!only.has(name)) return;
    try {
      await body();
    } catch (e) {
      add('unexpectedErrors', 1);
      errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      log(`${name}: UNEXPECTED ERROR ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };

  await phase('faults', async () => {
    const { runFaults } = await import('./phase-faults');
    const t = Date.now();
    const f = await runFaults({ runs, seed, log });
    phases.faults = { ...f, failures: f.failures.slice(0, 20), ms: Date.now() - t };
    add('runs', f.runs);
    add('lost', f.lost);
    add('duplicated', f.duplicated);
    add('stale', f.stale);
    add('hangs', f.hangs);
    add('notConverged', f.notConverged);
    add('integrityFailures', f.integrityFailures);
    add('failedRuns', f.failures.length);
    log(`faults: ${f.runs} runs (${JSON.stringify(f.byKind)}; modes ${JSON.stringify(f.byMode)}; ${f.faultsApplied} faults hit a connection)`);
    log(`  lost ${f.lost}, duplicated ${f.duplicated}, stale ${f.stale}, hangs ${f.hangs}, not converged ${f.notConverged}, integrity failures ${f.integrityFailures}; recovery p50 ${f.convergeMsP50} ms, p95 ${f.convergeMsP95} ms`);
    for (const x of f.failures.slice(0, 10)) log(`  ! ${x}`);
  });
  await phase('crash', async () => {
    const { runCrashes } = await import('./phase-crash');
    const t = Date.now();
    const c = await runCrashes({ runs: Math.max(6, Math.round(runs / 10)), seed, log });
    phases.crash = { ...c, ms: Date.now() - t };
    add('lost', c.lost);
    add('duplicated', c.duplicated);
    add('stale', c.stale);
    add('hangs', c.hangs);
    add('integrityFailures', c.integrityFailures);
    add('failedRuns', c.failures.length);
    if (c.send) {
      add('lost', c.send.lost);
      add('duplicated', c.send.duplicated);
    }
    log(`crash: ${c.kills} kill -9 (${JSON.stringify(c.byKind)}); lost ${c.lost}, duplicated ${c.duplicated}, stale ${c.stale}, integrity failures ${c.integrityFailures}, hangs ${c.hangs}`);
    if (c.send) log(`  send: ${c.send.available ? `${c.send.kills} kills, ${c.send.sent} messages, delivered-count histogram ${JSON.stringify(c.send.delivered)}, lost ${c.send.lost}, duplicated ${c.send.duplicated}` : `not run: ${c.send.reason}`}`);
    for (const x of c.failures.slice(0, 10)) log(`  ! ${String(x)}`);
  });
  await phase('events', async () => {
    const { runServerEvents } = await import('./phase-events');
    const t = Date.now();
    const e = await runServerEvents({ log });
    phases.events = { outcomes: e, ms: Date.now() - t };
    const bad = e.filter((x) => !x.ok).length;
    add('serverEventsFailed', bad);
    for (const x of e) log(`events: ${x.ok ? 'ok ' : 'BAD'} ${x.event}: ${x.outcome}${x.message ? ` — « ${x.message} »` : ''}`);
  });
  await phase('hostile', async () => {
    const { runHostile } = await import('./phase-hostile');
    const t = Date.now();
    const h = await runHostile({ seed, log });
    phases.hostile = { ...h, ms: Date.now() - t };
    add('crashes', h.crashes);
    add('hangs', h.hangs);
    add('hostileRefusalsMissed', h.refusalsMissed);
    add('hostileUnexpectedErrors', h.unexpectedErrors);
    add('leakedSecrets', h.leaks);
    add('failedRuns', h.failures.length);
    log(`hostile: ${h.inputs} inputs (${JSON.stringify(h.byPath)}, ${h.mimeFuzzCases} generated MIME cases); crashes ${h.crashes}, hangs ${h.hangs}, refusals missed ${h.refusalsMissed}, peak RSS ${h.peakRssMb} MB`);
    for (const x of h.failures.slice(0, 10)) log(`  ! ${x}`);
  });
  await phase('xss', async () => {
    const { runXss } = await import('./phase-xss');
    const t = Date.now();
    const x = await runXss({ log });
    phases.xss = { ...x, ms: Date.now() - t };
    add('scriptRuns', x.scriptRuns);
    add('requestsLeft', x.requestsLeft);
    add('remoteLoads', x.remoteLoads);
    add('popups', x.popups);
    if (!x.specPassed) add('xssSpecFailed', 1);
    log(`xss: ${x.messages} hostile messages opened in the reader; script runs ${x.scriptRuns}, requests leaving the page ${x.requestsLeft}, remote loads ${x.remoteLoads}, spec ${x.specPassed ? 'passed' : 'FAILED'}`);
    for (const f of x.failures.slice(0, 10)) log(`  ! ${f}`);
  });
  await phase('security', async () => {
    const { runSecurity } = await import('./phase-security');
    const t = Date.now();
    const s = await runSecurity({ log });
    phases.security = { ...s, ms: Date.now() - t };
    add('leakedSecrets', s.leakedSecrets);
    add('securityChecksBad', s.checks.filter((c) => !c.ok).length);
    for (const c of s.checks) log(`security: ${c.ok ? 'ok ' : 'BAD'} ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
  });
  await phase('load', async () => {
    const { runLoad, runLoadScenario } = await import('./phase-load');
    const t = Date.now();
    const l = await runLoad({ log });
    phases.load = { ...l, ms: Date.now() - t };
    log(`load: ${JSON.stringify(l)}`);
    if (l.burst.cachedAfterMs === null) add('loadNotSynced', 1);
    for (const m of l.multiBal) {
      if (m.syncedMs === null) add('loadNotSynced', 1);
      if (m.maxOpen > m.budget) add('loadOverBudget', 1);
    }
    if (flag('load')) {
      // 10 BALs under the cap, 100k messages + 2,000 folders, a burst while IDLE (own sandbox, ports + 3000).
      const t2 = Date.now();
      const s = await runLoadScenario({ log });
      phases.loadScenario = { ...s, ms: Date.now() - t2 };
      add('lost', s.loadLost);
      add('duplicated', s.loadDuplicated);
      add('stale', s.loadStale);
      add('loadMissingFolders', s.loadMissingFolders);
      add('loadStaleFolders', s.loadStaleFolders);
      add('loadLimitRefusals', s.limitRefusals);
      if (Math.max(s.maxOpenEngine, s.maxOpenServer) > s.budget) add('loadOverBudget', 1);
      if (s.initialSyncMs === null || s.burstMs === null) add('loadNotSynced', 1);
      add('loadErrors', s.errors.length);
      Object.assign(out, { loadMessages: s.loadMessages, loadLost: s.loadLost, loadDuplicated: s.loadDuplicated, loadRssMaxMb: s.loadRssMaxMb, loadHostRssMaxMb: s.loadHostRssMaxMb, loadBrowserPssMaxMb: s.loadBrowserPssMaxMb, frameSamples: s.frameSamples, frameP95Ms: s.frameP95Ms, frameMaxMs: s.frameMaxMs, longTasks: s.longTasks, frameProbeSelfCheck: s.frameProbeSelfCheck, loadMaxConnections: Math.max(s.maxOpenEngine, s.maxOpenServer) });
      log(`load scenario: ${s.bals} BALs, budget ${s.budget}; ${s.loadMessages} messages compared: lost ${s.loadLost}, duplicated ${s.loadDuplicated}, stale ${s.loadStale}; max connections engine ${s.maxOpenEngine} / server ${s.maxOpenServer}, [LIMIT] refusals ${s.limitRefusals}; initial sync ${s.initialSyncMs} ms, burst of ${s.burst} cached in ${s.burstMs} ms; RSS max ${s.loadRssMaxMb} MB`);
      const ph = Object.entries(s.framePhases).map(([k, v]) => `${k} p95 ${v.p95Ms} / max ${v.maxMs} ms over ${v.frames} frames${v.longTasks !== null ? `, ${v.longTasks} long tasks` : ''}`).join('; ');
      log(s.frameSamples !== null
        ? `  UI (headless Chromium, real renderer over the engine's cache): frame time p95 ${s.frameP95Ms} ms, max ${s.frameMaxMs} ms over ${s.frameSamples} frames (burst — list then showing ${s.listTotalAfterBurst ?? '?'} of ${s.burst + 1} — + scroll of the 100k folder + search; ${s.scrolledRows ?? '?'} rows scrolled by wheel, then row ${s.selectedRow ?? '?'} selected by j/PageDown), long tasks ${s.longTasks ?? 'n/a'}; probe self-check (250 ms block seen) ${s.frameProbeSelfCheck ? 'ok' : 'FAILED'}; ${ph}`
        : `  UI: frame times not measured (${s.frameNote ?? 'unknown reason'})${ph ? `; ${ph}` : ''}`);
      log(`  memory: engine RSS max ${s.loadRssMaxMb} MB, browser host RSS max ${s.loadHostRssMaxMb ?? 'n/a'} MB, Chromium PSS max ${s.loadBrowserPssMaxMb ?? 'n/a'} MB (sum of its processes), page JS heap max ${s.loadPageHeapMaxMb ?? 'n/a'} MB`);
    }
  });
  out.ms = Date.now() - t0;
  out.phases = phases;
  if (errors.length) out.errors = errors;
  const v = verdict(out, Date.now() - t0);
  out.passed = v.passed;
  log(v.line);
  if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
  return v.exitCode;
}

/** `--verdict <file>`: the summary line and exit code of a saved `--json` result (its last JSON line). */
function judgeSaved(file: string): 0 | 1 {
  const last = fs.readFileSync(file, 'utf8').trim().split('\n').reverse().find((l) => l.startsWith('{'));
  const v = verdict(last ? (JSON.parse(last) as Record<string, unknown>) : {});
  log(v.line);
  return v.exitCode;
}

(argv.includes('--verdict') ? Promise.resolve().then(() => judgeSaved(value('verdict', ''))) : main()).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`torture failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
