// sandbox/node/main.ts as the CLI runs it: a separate process printing one "ready" JSON line, serving the
// fixed ports (shifted here by SANDBOX_PORT_OFFSET so it can run beside a running sandbox), logging no
// token, and exiting 0 on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, REPO_ROOT } from '../../../sandbox/config';
import { ensurePki } from '../../../sandbox/pki';
import { caFetch } from '../psc/helpers';

const OFFSET = 23000 + Math.floor(Math.random() * 1000);
const CLAIRE = '810101234560';

let child: ChildProcess;
let output = '';
let ready: { ready: boolean; pid: number; urls: Record<string, string>; ports: Record<string, number> };

beforeAll(async () => {
  await ensurePki();
  child = spawn(process.execPath, ['--import', 'tsx', path.join('sandbox', 'node', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, SANDBOX_PORT_OFFSET: String(OFFSET), SANDBOX_CIBA_INTERVAL_SECONDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const line = output.split('\n').find((l) => l.startsWith('{"ready":true'));
    if (line) {
      ready = JSON.parse(line);
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`main.ts did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('sandbox node process (main.ts)', () => {
  it('prints a ready line with its URLs and listens on the configured ports', async () => {
    expect(ready.pid).toBe(child.pid);
    expect(ready.ports).toEqual({ psc: 10443 + OFFSET, pscInternal: 10080 + OFFSET, web: 10444 + OFFSET, fhir: 10445 + OFFSET });
    expect(ready.urls.psc).toBe(`https://localhost:${10443 + OFFSET}/auth/realms/esante-wallet`);
  });

  it('serves a token usable at the BAL listing, and never logs it', async () => {
    const fetch = caFetch(fs.readFileSync(PATHS.caCert));
    const tokenRes = await fetch(`${ready.urls.control}/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idNat: CLAIRE }),
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const bals = await fetch(`${ready.urls.web}/api/v1/bals`, { headers: { authorization: `Bearer ${token}` } });
    expect(bals.status).toBe(200);
    expect(((await bals.json()) as unknown[]).length).toBe(3);
    expect(output).not.toContain(token);
  });

  it('exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
