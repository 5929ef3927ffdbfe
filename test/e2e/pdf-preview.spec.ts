// Issue 18 point 3: a PDF's JavaScript never runs in a preview. Two messages shaped like a hospital's
// (a discharge letter with its PDF attached, the same kind of document as an IHE XDM package) carry a PDF
// whose open action, named script, page-open action and form field would each show themselves (app.alert,
// console.println, a new document title, a form submitted and URLs launched to a local beacon). They are
// APPENDed to the sandbox Dovecot, synced by the real engine and previewed in the reader: page 1 is drawn
// by pdf.js in a canvas (pixels not blank), there is no frame/embed/object, no dialog, no console line,
// no beacon hit, the page title is the app's, and no CSP violation happened.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { type Locator, type Page, expect, test } from '@playwright/test';
import { ensureSandboxUp, plainImapClient } from '../../sandbox/control';
import { type ActivePdfMessage, PDF_SCRIPT_MARK, activePdfMail, activePdfXdmMail } from '../corpus/pdf-active';
import { buildHostBundle } from './mail-fixture/browser-host';

const ALICE = 'alice.martin@test.mssante.fr';
const SHOTS = path.resolve('test-results/screenshots');
const TAG = Date.now().toString(36);

let child: ChildProcess | undefined;
let beacon: http.Server | undefined;
const hits: string[] = [];
let url = '';
let profile = '';
let appended: number[] = [];
let attached: ActivePdfMessage;
let xdm: ActivePdfMessage;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  beacon = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => beacon!.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`;
  attached = activePdfMail(base, TAG);
  xdm = activePdfXdmMail(base, TAG);
  await ensureSandboxUp({ log: () => {} });
  const c = await plainImapClient(ALICE);
  try {
    for (const m of [attached, xdm]) {
      const r = await c.append('INBOX', m.raw, []);
      if (r && typeof r === 'object' && r.uid) appended.push(r.uid);
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
  const { rendererDir, bridgeFile } = await buildHostBundle(fs.mkdtempSync(path.join(os.tmpdir(), 'mss-pdf-e2e-build-')));
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-pdf-e2e-profile-'));
  child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'test/e2e/mail-fixture/host.ts', '--profile', profile, '--renderer', rendererDir, '--bridge', bridgeFile, '--sandbox'],
    { env: { ...process.env, MSS_LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve, reject) => {
    child!.once('exit', (code) => reject(new Error(`pdf e2e host exited (${code})`)));
    readline.createInterface({ input: child!.stdout! }).on('line', (line) => {
      if (line.startsWith('{') && (JSON.parse(line) as { ready?: boolean }).ready) resolve((JSON.parse(line) as { url: string }).url);
    });
  });
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  beacon?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  if (appended.length > 0) {
    const c = await plainImapClient(ALICE);
    try {
      await c.mailboxOpen('INBOX');
      await c.messageDelete(appended.join(','), { uid: true });
    } finally {
      await c.logout().catch(() => undefined);
    }
    appended = [];
  }
});

/** Pixels of the canvas that are not white (its 2D context is the app's own: never tainted). */
async function inkedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) n++;
    return n;
  });
}

/** Records what a script of the PDF would leave behind: dialogs, console lines, CSP violations. */
function watch(page: Page) {
  const dialogs: string[] = [];
  const consoleLines: string[] = [];
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => consoleLines.push(m.text()));
  return { dialogs, consoleLines, workers };
}

async function openMessage(page: Page, subject: string) {
  await page.locator('#search-input').fill(TAG);
  const row = page.getByTestId('message-row').filter({ hasText: subject.replace(/^XDM\/1\.0\/DDM\+/, '') });
  await expect(row.first()).toBeVisible({ timeout: 30_000 });
  await row.first().click();
  await expect(page.getByTestId('body-pending')).toHaveCount(0);
}

async function expectNothingRan(page: Page, seen: ReturnType<typeof watch>) {
  // A round trip through main and the renderer's event loop after the page was drawn: anything the
  // scripts would have done has had its turn.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  expect(seen.dialogs).toEqual([]);
  expect(seen.consoleLines.filter((l) => l.includes(PDF_SCRIPT_MARK) || /Content Security Policy/i.test(l))).toEqual([]);
  expect(await page.title()).not.toContain(PDF_SCRIPT_MARK);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  await expect(page.locator('iframe[src^="blob:"], embed, object')).toHaveCount(0);
  expect(page.frames().filter((f) => /^(blob|data):/.test(f.url()))).toEqual([]);
  expect(hits).toEqual([]);
  // pdf.js's worker is the app's own file (never a blob: wrapper).
  expect(seen.workers.length).toBeGreaterThan(0);
  for (const w of seen.workers) expect(w).toMatch(new RegExp(`^${new URL(url).origin}/assets/pdf\\.worker[^/]*\\.mjs$`));
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.sample || e.blockedURI}`.slice(0, 200)));
  });
});

test('an attached PDF with scripts is drawn by pdf.js, its scripts never run', async ({ page }) => {
  test.setTimeout(180_000);
  const seen = watch(page);
  await page.goto(url);
  await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 60_000 });
  const title = await page.title();
  await openMessage(page, attached.subject);
  const att = page.getByTestId('attachment').filter({ hasText: attached.filename });
  await att.getByTestId('attachment-preview').click();
  const preview = page.getByTestId('pdf-preview');
  await expect(preview).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const first = preview.locator('canvas[data-page="1"]');
  await expect(first).toHaveAttribute('data-rendered', 'true');
  await expect(first).toHaveAttribute('aria-label', 'Page 1 sur 1');
  expect(await inkedPixels(first)).toBeGreaterThan(5_000);
  await preview.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(SHOTS, 'pdf-preview-attachment.png') });
  await expectNothingRan(page, seen);
  expect(await page.title()).toBe(title);
});

test('the PDF rendering of an XDM document is drawn the same way, its scripts never run', async ({ page }) => {
  test.setTimeout(180_000);
  const seen = watch(page);
  await page.goto(url);
  await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 60_000 });
  await openMessage(page, xdm.subject);
  const panel = page.getByTestId('xdm-panel');
  await expect(panel.getByTestId('xdm-patient')).toContainText('ROUSSEL', { timeout: 30_000 });
  await panel.getByTestId('xdm-open-pdf').first().click();
  const preview = panel.getByTestId('xdm-frame-pdf');
  await expect(preview).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const first = preview.locator('canvas[data-page="1"]');
  await expect(first).toHaveAttribute('data-rendered', 'true');
  expect(await inkedPixels(first)).toBeGreaterThan(5_000);
  await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(SHOTS, 'pdf-preview-xdm.png') });
  await expectNothingRan(page, seen);
});
