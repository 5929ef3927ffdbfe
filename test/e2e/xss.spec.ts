// Hostile HTML through the reader in the browser host: every message of test/torture/xss-corpus.ts is
// opened (real renderer, real handlers, real encrypted cache). No script may run (window.__pwned markers in
// every frame, dialogs, console "PWNED"), no request may leave the host origin (Playwright interception:
// only the host origin, data: and blob: pass), and remote content stays blocked (the attacker server
// records every hit). Figures go to test-results/xss-figures.json for `npm run torture`.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { expect, type Page, test } from '@playwright/test';
import { buildHostBundle } from './mail-fixture/browser-host';

const FIGURES = path.resolve('test-results/xss-figures.json');

let attacker: http.Server;
const hits: string[] = [];
let host: ChildProcess | undefined;
let url = '';
let count = 0;
let buildDir = '';
let profile = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  attacker = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x');
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  const remote = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-xss-build-'));
  const { rendererDir, bridgeFile } = await buildHostBundle(buildDir);
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-xss-profile-'));
  host = spawn(process.execPath, ['--import', 'tsx', 'test/torture/xss-host.ts', '--profile', profile, '--renderer', rendererDir,
    '--bridge', bridgeFile, '--remote-base', remote], { env: { ...process.env, MSS_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  ({ url, count } = await new Promise<{ url: string; count: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('xss host did not start within 60 s')), 60_000);
    host!.once('exit', (code) => reject(new Error(`xss host exited (${code})`)));
    readline.createInterface({ input: host!.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const m = JSON.parse(line) as { ready?: boolean; url: string; count: number };
      if (m.ready) {
        clearTimeout(timer);
        resolve(m);
      }
    });
  }));
});

test.afterAll(async () => {
  if (host && host.exitCode === null) {
    const exited = new Promise((r) => host!.once('exit', r));
    host.kill('SIGTERM');
    await exited;
  }
  attacker?.close();
  for (const d of [buildDir, profile]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

/** Every frame has finished loading: whatever a click or a payload would have started has been asked for. */
async function allFramesLoaded(page: Page): Promise<void> {
  await Promise.all(page.frames().map((f) => f.waitForLoadState('load').catch(() => undefined)));
}

test('hostile HTML in the reader: no script, no request leaves the page, remote content blocked', async ({ page }) => {
  test.setTimeout(180_000);
  const origin = new URL(url).origin;
  const left: string[] = [];
  let scriptRuns = 0;
  const scriptEvidence: string[] = [];
  let popups = 0;
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(`${origin}/`) || u.startsWith('data:') || u.startsWith('blob:') || u.startsWith('about:')) return route.continue();
    left.push(u);
    return route.abort();
  });
  page.on('dialog', (d) => {
    scriptRuns++;
    scriptEvidence.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/PWNED/.test(m.text())) {
      scriptRuns++;
      scriptEvidence.push('console PWNED');
    }
  });
  page.on('popup', () => popups++);
  await page.goto(url);
  await expect(page.getByTestId('message-row').first()).toBeVisible();
  await expect(page.getByTestId('list-title')).toContainText(`${count} messages`);

  const opened = new Set<string>();
  await page.getByTestId('message-row').first().click();
  const frame = page.frameLocator('[data-testid="reader-frame"]');
  for (let k = 0; k < count; k++) {
    const subject = (await page.getByTestId('reader-subject').innerText()).trim();
    opened.add(subject);
    await expect(page.getByTestId('reader-frame')).toHaveAttribute('sandbox', '');
    // The body is rendered (a <frameset> payload legitimately empties it: then only the frame is checked).
    await expect(frame.locator('body')).toBeAttached({ timeout: 5_000 });
    await frame.locator('#title').waitFor({ timeout: 1_500 }).catch(() => {});
    // Follow the first link of the body, as a curious reader would (the sandbox has no allow-popups).
    const link = frame.locator('a[href]').first();
    if (await link.count()) await link.click({ timeout: 2_000 }).catch(() => {});
    await allFramesLoaded(page);
    for (const f of page.frames()) {
      const marker = await f.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned).catch(() => undefined);
      if (marker === 1) {
        scriptRuns++;
        scriptEvidence.push(`window.__pwned in ${f.url().slice(0, 60)} after ${subject}`);
      }
    }
    if (k < count - 1) {
      await page.getByTestId('message-list').focus();
      await page.keyboard.press('j');
      await expect(page.getByTestId('reader-subject')).not.toHaveText(subject);
    }
  }
  // The remote-content bar is there and nothing was fetched.
  await allFramesLoaded(page);
  const figures = { messages: opened.size, scriptRuns, scriptEvidence, requestsLeft: left.length, left: left.slice(0, 20), remoteLoads: hits.length, remoteHits: hits.slice(0, 20), popups };
  fs.mkdirSync(path.dirname(FIGURES), { recursive: true });
  fs.writeFileSync(FIGURES, JSON.stringify(figures, null, 2));
  expect(opened.size).toBe(count);
  expect(scriptEvidence).toEqual([]);
  expect(left).toEqual([]);
  expect(hits).toEqual([]);
  expect(popups).toBe(0);
});
