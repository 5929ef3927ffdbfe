// `npm run bench [-- --json] [--sync-count 20000] [--sync-rounds 3] [--stall-count <sync count>] [--search-count 100000]`:
// runs the sync benchmark (ours vs mbsync on the same sandbox folder), the main-thread stall during a sync
// with drafts autosaving (bench/main-stall-bench.ts) and the search benchmark (ours vs notmuch on the same
// messages), each in its own process, and prints one summary; with --json the last line is one JSON object.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const JSON_OUT = argv.includes('--json');
const here = path.dirname(fileURLToPath(import.meta.url));

function runJson(script: string, args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, script), ...args, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`${script} failed (exit ${r.status})`);
  return JSON.parse(last) as Record<string, unknown>;
}

const sync = runJson('sync-bench.ts', ['--count', arg('--sync-count', '20000'), '--rounds', arg('--sync-rounds', '3')]);
const stall = runJson('main-stall-bench.ts', ['--count', arg('--stall-count', arg('--sync-count', '20000'))]);
const search = runJson('search-bench.ts', ['--count', arg('--search-count', '100000')]);
const summary = { ...sync, ...stall, ...search };
const line = (k: string, target: string) => `  ${k.padEnd(26)} ${String(summary[k]).padStart(10)}   ${target}`;
const out = [
  'Benchmarks (ratios measured against peers in this same run; sync: median of alternating rounds)',
  line('syncMessages', ''),
  line('storedRatioVsMbsync', 'mbsync (FSync no) time / ours to every message stored: target ≥ 1.0'),
  line('storedRatioVsMbsyncFsync', 'same against mbsync with its default fsync'),
  line('indexedRatioVsMbsync', 'ours to everything indexed / mbsync (FSync no) time: target ≤ 2'),
  line('indexedRatioVsMbsyncFsync', 'same against mbsync with its default fsync'),
  line('headersRatioVsMbsync', 'mbsync (FSync no) time / ours to the list complete'),
  line('firstHeadersMs', 'target ≤ 300'),
  line('resyncRoundTrips', 'nothing changed: 1 expected'),
  line('mainStallP99Ms', 'main thread event-loop delay p99 (ms) during a sync, drafts autosaving'),
  line('mainAutosaveCommitP99Ms', 'an autosave asked of the writer, until committed (ms, p99)'),
  line('searchP50Ms', ''),
  line('searchP95Ms', 'target ≤ 5 and ≥ 10× faster than notmuch'),
  line('searchP95MsNotmuch', ''),
  line('searchCrossCheckDiffering', 'queries whose results differ from notmuch\'s'),
  line('engineRssMb', 'target ≤ 250'),
];
if (JSON_OUT) {
  console.error(out.join('\n'));
  console.log(JSON.stringify(summary));
} else console.log(out.join('\n'));
