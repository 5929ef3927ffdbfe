// The verdict of a torture run: every problem counter that must be zero, the one summary line that prints
// all of them, and the exit code (1 when any is above zero). Pure, so that the rule is tested on its own
// (test/unit/torture/summary.test.ts) and `npm run torture -- --verdict <file.json>` can re-judge a saved run.

/** Every counter that must be zero for a run to pass, in the order of the summary line. */
export const PROBLEMS = [
  'lost', 'duplicated', 'stale', 'crashes', 'hangs', 'scriptRuns', 'leakedSecrets',
  'failedRuns', 'notConverged', 'integrityFailures', 'serverEventsFailed', 'hostileRefusalsMissed', 'hostileUnexpectedErrors',
  'requestsLeft', 'remoteLoads', 'popups', 'xssSpecFailed', 'securityChecksBad',
  'loadMissingFolders', 'loadStaleFolders', 'loadLimitRefusals', 'loadOverBudget', 'loadNotSynced', 'loadErrors', 'unexpectedErrors',
] as const;
export type Problem = (typeof PROBLEMS)[number];

export interface Verdict {
  passed: boolean;
  /** The counters above zero (or missing / not a number: a figure nobody wrote is not a zero). */
  problems: Problem[];
  /** `torture PASSED|FAILED (…) in N s: runs R, lost 0, duplicated 0, …` — every counter, always. */
  line: string;
  exitCode: 0 | 1;
}

function counter(out: Record<string, unknown>, k: Problem): number | null {
  const v = out[k];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

export function verdict(out: Record<string, unknown>, ms = typeof out.ms === 'number' ? out.ms : 0): Verdict {
  const problems = PROBLEMS.filter((k) => {
    const v = counter(out, k);
    return v === null || v > 0;
  });
  const passed = problems.length === 0;
  const figures = PROBLEMS.map((k) => `${k} ${counter(out, k) ?? 'missing'}`).join(', ');
  const line = `torture ${passed ? 'PASSED' : `FAILED (${problems.join(', ')})`} in ${Math.round(ms / 1000)} s: runs ${String(out.runs ?? 0)}, ${figures}`;
  return { passed, problems, line, exitCode: passed ? 0 : 1 };
}
