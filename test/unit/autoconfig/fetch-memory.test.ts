// Host stability: refused discoveries must not pile up native TLS memory. 300 refused https fetches grew
// the process by ~225 MB (a TLS context with the ~140 system roots built per request); the bound is on
// the RSS growth after a forced GC, in a child process of its own (no other test's memory counted).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secureContextFor } from '../../../main/autoconfig/fetch-https';

describe('autoconfiguration fetch memory', () => {
  it('reuses one TLS context per set of roots', () => {
    expect(secureContextFor(undefined)).toBe(secureContextFor(undefined));
    expect(secureContextFor(undefined)).not.toBe(secureContextFor(undefined, false));
  });

  it('keeps the RSS growth of 300 refused fetches under 60 MB after a forced GC', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'helpers', 'refused-fetches-rss.ts')], { encoding: 'utf8', timeout: 240_000 });
    const { growthMb } = JSON.parse(out.trim().split('\n').pop()!) as { growthMb: number };
    expect(growthMb).toBeLessThan(60);
  }, 300_000);
});
