// Issue 20: every message of the realistic corpora (test/corpus: legacy charsets, old dates, broken MIME,
// digests, delivery reports, invitations, S/MIME, winmail.dat) APPENDed to the sandbox Dovecot, synced by
// the real engine (mail fixture --sandbox) and opened in the reader: subject as written, body, attachments
// named as they should be (a damaged part said so), the French explanation for an encrypted message, an
// opaque signed message shown with its content and said signed — and no Content Security
// Policy violation in the page's console while reading them (point 7).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { type Page, expect, test } from '@playwright/test';
import { ensureSandboxUp, plainImapClient } from '../../sandbox/control';
import { CORPUS } from '../corpus/real-world';
import { STRUCTURE_CORPUS, type StructureMessage } from '../corpus/mime-structure';
import { outlookWinmail } from '../corpus/tnef';
import { buildHostBundle } from './mail-fixture/browser-host';

const ALICE = 'alice.martin@test.mssante.fr';
const MESSAGES: StructureMessage[] = [...Object.values(CORPUS), ...Object.values(STRUCTURE_CORPUS), outlookWinmail];
const SHOTS = path.resolve('test-results/screenshots');

let child: ChildProcess | undefined;
let url = '';
let profile = '';
let appended: number[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  await ensureSandboxUp({ log: () => {} });
  const c = await plainImapClient(ALICE);
  try {
    for (const m of MESSAGES) {
      const r = await c.append('INBOX', m.raw, []);
      if (r && typeof r === 'object' && r.uid) appended.push(r.uid);
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
  const { rendererDir, bridgeFile } = await buildHostBundle(fs.mkdtempSync(path.join(os.tmpdir(), 'mss-rw-e2e-build-')));
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-rw-e2e-profile-'));
  child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'test/e2e/mail-fixture/host.ts', '--profile', profile, '--renderer', rendererDir, '--bridge', bridgeFile, '--sandbox'],
    { env: { ...process.env, MSS_LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve, reject) => {
    child!.once('exit', (code) => reject(new Error(`mail e2e host exited (${code})`)));
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
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  if (appended.length > 0) {
    // The shared seeded INBOX is left as it was.
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

async function bodyText(page: Page): Promise<string> {
  const text = (await page.getByTestId('reader-text').allTextContents()).join('\n');
  const f = page.frames().find((x) => x.url().includes('/frame/'));
  const html = f ? await f.locator('body').textContent().catch(() => '') : '';
  return `${text}\n${html ?? ''}`;
}

test('opens every message of the corpora, as written, without a CSP violation', async ({ page }) => {
  test.setTimeout(300_000);
  // Every CSP violation of the app page (and the console's report of it), recorded from the first script on.
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.sample || e.blockedURI}`.slice(0, 200)));
    // The print dialog cannot be driven headless: the print view is built, then "printed" here.
    const p = window as unknown as { __printed: number };
    p.__printed = 0;
    window.print = () => {
      if (document.querySelector('.print-body')) p.__printed++;
    };
  });
  const consoleReports: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) consoleReports.push(m.text().slice(0, 200));
  });
  const violations = async () => [...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)), ...consoleReports];
  await page.goto(url);
  await expect(page.getByTestId('message-row').first()).toBeVisible({ timeout: 60_000 });
  for (const m of MESSAGES) {
    await page.locator('#search-input').fill(m.subject);
    // The row whose subject is exactly this one (another message may mention it in its preview).
    const exact = new RegExp(`^${m.subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const rows = page.getByTestId('message-row').filter({ has: page.locator('.msg-row__subject-text', { hasText: exact }) });
    await expect(rows.first(), m.subject).toBeVisible({ timeout: 20_000 });
    // The seeded BAL may hold a message with the same subject (Postfix bounces): the one with this body.
    const n = await rows.count();
    let found = false;
    for (let i = 0; i < n && !found; i++) {
      await rows.nth(i).click();
      await expect(page.getByTestId('reader-subject')).toHaveText(m.subject);
      await expect(page.getByTestId('body-pending')).toHaveCount(0);
      if (!m.bodyText) found = true;
      else found = await expect.poll(() => bodyText(page)).toContain(m.bodyText).then(() => true, () => false);
    }
    expect(found, `${m.subject}: opened with its body`).toBe(true);
    if (m.attachments) {
      await expect(page.getByTestId('attachment'), m.subject).toHaveCount(m.attachments.length);
      for (const a of m.attachments) {
        await expect(page.getByTestId('attachments')).toContainText(a.filename);
        // A part decoded only in part (invalid base64) says so, in French (stored in the cache: v11).
        const badge = page.getByTestId('attachment').filter({ hasText: a.filename }).getByTestId('attachment-damaged');
        if (a.damaged) await expect(badge, `${m.subject}: ${a.filename} damaged`).toHaveText('endommagée');
        else await expect(badge).toHaveCount(0);
      }
    }
    if (m === STRUCTURE_CORPUS.damagedBase64) await page.screenshot({ path: path.join(SHOTS, 'reader-damaged-part.png') });
    // Opaque S/MIME signed data: the message it carries, said signed (never "chiffré").
    if (m === STRUCTURE_CORPUS.smimeOpaqueSigned || m === STRUCTURE_CORPUS.smimeOpaqueSignedBer) {
      await expect(page.getByTestId('reader-signed')).toContainText('Message signé (S/MIME)');
      await expect(page.getByTestId('reader-encrypted')).toHaveCount(0);
      if (m === STRUCTURE_CORPUS.smimeOpaqueSigned) await page.screenshot({ path: path.join(SHOTS, 'reader-smime-opaque-signed.png') });
    } else {
      await expect(page.getByTestId('reader-signed')).toHaveCount(0);
    }
    expect(await page.getByTestId('reader-subject').textContent()).not.toContain('\uFFFD');
    // Printed too (the print view is the sanitized body inserted in the app page): no CSP report either.
    const printed = await page.evaluate(() => (window as unknown as { __printed: number }).__printed);
    await page.getByTestId('print').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(printed + 1);
    await expect(page.locator('.print-body')).toHaveCount(0);
    if (m === STRUCTURE_CORPUS.smimeEncrypted) {
      await expect(page.getByTestId('reader-encrypted')).toContainText('Ce message est chiffré (S/MIME)');
      await page.screenshot({ path: path.join(SHOTS, 'reader-smime-encrypted.png') });
    }
  }
  await page.locator('#search-input').fill('');
  expect(await violations()).toEqual([]);
  // The listener does see a violation: an inline style attribute set on the page is refused and reported.
  await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.setAttribute('style', 'color: red');
    document.body.append(probe);
    probe.remove();
  });
  await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
  expect((await violations())[0]).toMatch(/style-src/);
});
