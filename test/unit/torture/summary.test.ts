// Issue 14.8: `npm run torture` exits non-zero when any problem counter is above zero, and the one summary
// line prints every counter. The rule (test/torture/summary.ts) and the real runner's exit code on a saved
// result (`run.ts --verdict <file>`, no sandbox needed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROBLEMS, verdict } from '../../torture/summary';

const zeros = () => ({ runs: 200, ms: 61_000, ...Object.fromEntries(PROBLEMS.map((k) => [k, 0])) }) as Record<string, unknown>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-torture-verdict-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('torture verdict', () => {
  it('all counters at zero: PASSED, exit 0, every counter in the line', () => {
    const v = verdict(zeros());
    expect(v).toMatchObject({ passed: true, problems: [], exitCode: 0 });
    expect(v.line).toMatch(/^torture PASSED in 61 s: runs 200, /);
    for (const k of PROBLEMS) expect(v.line).toContain(`${k} 0`);
  });

  it('any single counter above zero fails the run and is named, the others still printed', () => {
    expect(PROBLEMS).toEqual(expect.arrayContaining(['failedRuns', 'securityChecksBad', 'unexpectedErrors', 'notConverged', 'loadMissingFolders', 'loadStaleFolders']));
    for (const k of PROBLEMS) {
      const v = verdict({ ...zeros(), [k]: 1 });
      expect(v, k).toMatchObject({ passed: false, problems: [k], exitCode: 1 });
      expect(v.line, k).toContain(`FAILED (${k})`);
      for (const other of PROBLEMS) expect(v.line, k).toContain(`${other} ${other === k ? 1 : 0}`);
    }
  });

  it('a counter that is missing or not a count is a problem, not a zero', () => {
    const { hangs: _hangs, ...noHangs } = zeros();
    for (const out of [noHangs, { ...zeros(), hangs: 'none' }, { ...zeros(), hangs: Number.NaN }, { ...zeros(), hangs: -1 }]) {
      const v = verdict(out);
      expect(v).toMatchObject({ passed: false, problems: ['hangs'], exitCode: 1 });
      expect(v.line).toContain('hangs missing');
    }
  });

  it('the runner exits 1 on a saved result with one nonzero counter, 0 when all are zero', () => {
    const run = (out: Record<string, unknown>) => {
      const file = path.join(tmp, `${Object.keys(out).length}-${Math.random().toString(36).slice(2)}.json`);
      // As `npm run torture -- --json` writes it: log lines, then the JSON object as the last line.
      fs.writeFileSync(file, `torture: seed 1\n${JSON.stringify(out)}\n`);
      const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
      const r = spawnSync(process.execPath, [tsx, 'test/torture/run.ts', '--verdict', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { code: r.status, line: r.stdout.trim().split('\n').pop() ?? '' };
    };
    const bad = run({ ...zeros(), securityChecksBad: 1 });
    expect(bad.code).toBe(1);
    expect(bad.line).toContain('FAILED (securityChecksBad)');
    const good = run(zeros());
    expect(good.code).toBe(0);
    expect(good.line).toMatch(/^torture PASSED/);
  });
});
