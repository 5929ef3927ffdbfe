// Mail UI end to end in the browser host: folder tree, virtualized list, reader with attachments,
// remote images blocked (and fetched by main on request), offline banner, search, sync progress.
// The host is test/e2e/mail-fixture/host.ts: real handlers over a real encrypted cache seeded from .eml files.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { type Page, expect, test } from '@playwright/test';
import { buildHostBundle } from './mail-fixture/browser-host';

const SHOTS = path.resolve('test-results/screenshots');
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => path.join(SHOTS, `${name}.png`);

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNgYGD4z8DAwMDAxMDAAAAkDgMBpWq6OwAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

interface Hit { url: string; ua: string; cookie: boolean }
interface MailHost { child: ChildProcess; url: string; profile: string }

let built: Promise<{ rendererDir: string; bridgeFile: string }> | null = null;
/** The renderer and the host bridge, built once into a private folder (never touches out/). */
function buildOnce() {
  return (built ??= buildHostBundle(fs.mkdtempSync(path.join(os.tmpdir(), 'mss-mail-e2e-build-'))));
}

async function startMailHost(source: string[]): Promise<MailHost> {
  const { rendererDir, bridgeFile } = await buildOnce();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-mail-e2e-profile-'));
  const child = spawn(
    process.execPath,
    [path.resolve('node_modules/tsx/dist/cli.mjs'), 'test/e2e/mail-fixture/host.ts', '--profile', profile, '--renderer', rendererDir,
      '--bridge', bridgeFile, ...source],
    { env: { ...process.env, MSS_LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mail e2e host did not start within 150 s')), 150_000);
    child.once('exit', (code) => reject(new Error(`mail e2e host exited (${code})`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const m = JSON.parse(line) as { ready?: boolean; url: string };
      if (m.ready) {
        clearTimeout(timer);
        resolve(m.url);
      }
    });
  });
  return { child, url, profile };
}

async function stopMailHost(h: MailHost | undefined) {
  if (!h) return;
  if (h.child.exitCode === null) {
    const exited = new Promise((r) => h.child.once('exit', r));
    h.child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(h.profile, { recursive: true, force: true });
}

let images: http.Server;
let hits: Hit[] = [];
let mailHost: MailHost | undefined;
let url = '';
let profile = '';
let host: ChildProcess;

function emit(event: string, payload: unknown) {
  host.stdin!.write(JSON.stringify({ event, payload }) + '\n');
}

test.describe.configure({ mode: 'serial' });

/** The message's sandboxed frame (served at /frame/<token>). */
function messageFrame(page: Page) {
  const f = page.frames().find((x) => x.url().includes('/frame/'));
  if (!f) throw new Error('no message frame');
  return f;
}

async function openApp(page: Page, target = url) {
  await page.goto(target);
  await expect(page.getByTestId('folder-INBOX')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('message-row').first()).toBeVisible();
}
const row = (page: Page, text: string) => page.getByTestId('message-row').filter({ hasText: text });
const frame = (page: Page) => page.frameLocator('[data-testid="reader-frame"]');

test.describe('mail UI over a cache filled from .eml files', () => {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    images = http.createServer((req, res) => {
      hits.push({ url: req.url ?? '', ua: String(req.headers['user-agent'] ?? ''), cookie: !!req.headers.cookie });
      if (req.url?.startsWith('/pixel.gif')) res.writeHead(200, { 'Content-Type': 'image/gif', 'Set-Cookie': 'track=1' }).end(GIF);
      else if (req.url?.endsWith('.png')) res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
    const remoteBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    mailHost = await startMailHost(['--remote-base', remoteBase]);
    ({ url, profile, child: host } = mailHost);
  });

  test.afterAll(async () => {
    await stopMailHost(mailHost);
    images?.close();
  });

  test('folder tree and message list', async ({ page }) => {
    await openApp(page);
    const tree = page.getByTestId('folder-tree');
    await expect(tree.getByRole('treeitem')).toHaveText([
      /Boîte de réception\s*4/, /Brouillons/, /Envoyés/, /Archives/, /2025/, /Indésirables/, /Corbeille/,
    ]);
    await expect(page.getByTestId('list-title')).toContainText('Boîte de réception');
    await expect(page.getByTestId('list-title')).toContainText('6 messages');
    const xdm = row(page, 'Compte rendu de consultation DUPONT Jean');
    await expect(xdm).toHaveClass(/msg-row--unread/);
    await expect(xdm).not.toContainText('XDM/1.0/DDM+');
    await expect(xdm.getByTestId('row-attachment')).toBeVisible();
    await expect(row(page, 'Re: Avis cardiologique').getByTestId('row-flagged')).toBeVisible();
    // Thread of 3 (2 in INBOX, 1 in Sent): the row counts the messages of this folder.
    await expect(row(page, 'Re: Avis cardiologique')).toHaveAttribute('aria-label', /Hier, Suivi, 2 messages dans la conversation$/);
    await expect(page.getByTestId('message-list')).toHaveAttribute('role', 'listbox');
    // Another person's BAL in the same cache never shows.
    await expect(page.getByText('Confidentiel Bob')).toHaveCount(0);
    await page.screenshot({ path: shot('mail-list') });
  });

  test('virtualized list: 3 000 messages, few DOM rows, keyboard and paging to the end', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('folder-Archives/2025').click();
    await expect(page.getByTestId('list-title')).toContainText('3 000 messages');
    const rows = page.getByTestId('message-row');
    await expect(rows.first()).toContainText('n° 3000');
    expect(await rows.count()).toBeLessThan(60);
    await page.getByTestId('message-list').focus();
    await page.keyboard.press('j'); // nothing selected yet: the first message
    await expect(page.locator('[role="option"][aria-selected="true"]')).toContainText('n° 3000');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('k');
    await expect(page.locator('[role="option"][aria-selected="true"]')).toContainText('n° 2999');
    const selected = page.locator('[role="option"][aria-selected="true"]');
    // End again until the last page of the virtual list has come from the store.
    await expect
      .poll(async () => {
        await page.keyboard.press('End');
        return selected.innerText();
      }, { timeout: 60_000, intervals: [150], message: 'last message selected' })
      .toMatch(/n° 1$/);
    expect(await rows.count()).toBeLessThan(60);
    await page.screenshot({ path: shot('mail-list-virtualized') });
  });

  test('reader: XDM document with attachments, PDF preview, save', async ({ page }) => {
    await openApp(page);
    await row(page, 'Compte rendu de consultation').click();
    await expect(page.getByTestId('reader-subject')).toHaveText('Compte rendu de consultation DUPONT Jean 12/04/1961');
    await expect(page.getByTestId('xdm-badge')).toHaveText('Document de santé (XDM)');
    await expect(page.getByTestId('mss-info')).toContainText('Codes CDA : 11488-4');
    await expect(page.getByTestId('mss-info')).toContainText('INS qualifiée présente');
    await expect(page.getByTestId('reader-from')).toContainText('Dr Marie MARTIN Cabinet Medical');
    const atts = page.getByTestId('attachment');
    await expect(atts).toHaveCount(2);
    await expect(atts.first()).toContainText('Compte-rendu DUPONT.pdf');
    await expect(atts.first()).toContainText(/\d+ o|Ko/);
    await atts.first().getByTestId('attachment-preview').click();
    // Drawn by pdf.js in a canvas (no frame: the PDF's scripts have nowhere to run).
    const pdf = page.getByTestId('pdf-preview');
    await expect(pdf).toHaveAttribute('data-state', 'done');
    await expect(pdf.locator('canvas[data-page="1"]')).toHaveAttribute('data-rendered', 'true');
    // Marked read after ~1 s of reading.
    await expect(row(page, 'Compte rendu de consultation')).not.toHaveClass(/msg-row--unread/, { timeout: 5000 });
    await page.screenshot({ path: shot('mail-reader-attachment') });
    await atts.first().getByTestId('attachment-save').click();
    await expect(page.getByTestId('attachment-note')).toContainText('Enregistré dans');
    const saved = path.join(profile, 'Téléchargements', 'Compte-rendu DUPONT.pdf');
    expect(fs.readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('reader: inline cid image, plain text alternative', async ({ page }) => {
    await openApp(page);
    await row(page, 'Radiographie thoracique').click();
    await expect(frame(page).locator('img[alt="Radiographie"]')).toHaveAttribute('src', /^data:image\/png;base64,/);
    await expect(page.getByTestId('attachment')).toHaveCount(1); // the cid image is shown in the body, not listed
    await page.getByTestId('toggle-text').click();
    await expect(page.getByTestId('reader-text')).toContainText('sans particularité');
  });

  test('remote images are blocked, the HTML is sanitized, and main fetches them on request', async ({ page }) => {
    hits = [];
    await openApp(page);
    await row(page, 'Lettre d’information du laboratoire').click();
    const bar = page.getByTestId('remote-images-bar');
    await expect(bar).toContainText('Les images distantes ont été bloquées pour protéger votre confidentialité.');
    await expect(page.getByTestId('reader-frame')).toHaveAttribute('sandbox', '');
    const f = frame(page);
    await expect(f.locator('h1')).toHaveText('Laboratoire BIOLAB');
    await expect(f.locator('#logo')).not.toHaveAttribute('src', /.+/);
    await expect(f.locator('script, link, form, input, button, iframe, object, embed')).toHaveCount(0);
    await expect(f.locator('[onload], [onerror], [onclick]')).toHaveCount(0);
    // The message's own CSS applies (inline and head <style>), without its remote background.
    await expect(f.locator('h1')).toHaveCSS('color', 'rgb(0, 102, 153)');
    await expect(f.locator('p.horaires')).toHaveCSS('font-size', '18px');
    await expect(f.locator('body')).toHaveCSS('background-image', 'none');
    await expect(f.locator('body')).not.toContainText('Envoyer'); // a removed <button> leaves no text
    await expect(f.locator('#jslink')).not.toHaveAttribute('href', /.+/);
    await expect(f.locator('#link')).toHaveAttribute('href', 'https://biolab.example.fr/horaires');
    await expect(f.locator('#link')).toHaveAttribute('target', '_blank'); // no allow-popups: a click stays put
    await f.locator('#link').click();
    await expect(f.locator('h1')).toHaveText('Laboratoire BIOLAB');
    expect(page.context().pages()).toHaveLength(1);
    await page.getByTestId('reader-links').locator('summary').click();
    await expect(page.getByTestId('reader-links')).toContainText('Voir les horaires');
    await expect(page.getByTestId('reader-links')).toContainText('https://biolab.example.fr/horaires');
    await expect(f.locator('table')).not.toHaveAttribute('background', /.+/);
    // Once the message frame has loaded, every load it would have started has been asked for.
    await messageFrame(page).waitForLoadState('load');
    expect(hits).toEqual([]); // the page contacted no remote server
    await page.screenshot({ path: shot('mail-remote-blocked') });

    await page.getByTestId('show-remote-images').click();
    await expect(bar).toContainText('4 images distantes affichées.');
    await expect(f.locator('#logo')).toHaveAttribute('src', /^data:image\/png;base64,/);
    await expect(f.locator('#pixel')).toHaveAttribute('src', /^data:image\/gif;base64,/);
    // Fetched by main (Node), without cookies, not by the page.
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.ua === 'Mozilla/5.0' && !h.cookie)).toBe(true);
    // The <style> block's background is fetched by main too, then inlined.
    expect(hits.map((h) => h.url).sort()).toEqual(['/bg.png', '/logo.png', '/pixel.gif?u=alice', '/table-bg.png']);
    await expect(f.locator('body')).toHaveCSS('background-image', /^url\("data:image\/png;base64,/);
    await page.screenshot({ path: shot('mail-remote-shown') });
  });

  test('keyboard: m toggles read, s toggles the flag, Enter opens in the reader', async ({ page }) => {
    await openApp(page);
    await row(page, 'Convocation de Mme ROUX').click();
    await page.getByTestId('message-list').focus();
    const r = row(page, 'Convocation de Mme ROUX');
    await page.keyboard.press('s');
    await expect(r.getByTestId('row-flagged')).toBeVisible();
    await page.keyboard.press('s');
    await expect(r.getByTestId('row-flagged')).toHaveCount(0);
    const wasUnread = (await r.getAttribute('class'))!.includes('msg-row--unread');
    await page.keyboard.press('u');
    if (wasUnread) await expect(r).not.toHaveClass(/msg-row--unread/);
    else await expect(r).toHaveClass(/msg-row--unread/);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('pane-reader')).toBeFocused();
  });

  test('folder tree keyboard and the Sent folder', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('folder-INBOX').focus();
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('folder-Sent')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('folder-Sent')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('list-title')).toContainText('Envoyés');
    await expect(row(page, 'Re: Avis cardiologique')).toContainText('Dr Bob DURAND');
  });

  test('search as you type, with highlighting, limited to the active BAL', async ({ page }) => {
    await openApp(page);
    await page.keyboard.press('/');
    await page.keyboard.type('cardio');
    await expect(page.getByTestId('list-title')).toContainText('4 résultats pour « cardio »');
    await expect(page.getByTestId('message-row').first().locator('mark').first()).toHaveText(/cardio/i);
    await page.screenshot({ path: shot('mail-search') });
    await page.locator('#search-input').fill('confidentiel');
    await expect(page.getByTestId('search-none')).toContainText('Aucun message ne correspond');
    await page.locator('#search-input').press('Escape');
    await expect(page.getByTestId('list-title')).toContainText('Boîte de réception');
  });

  test('first-sync progress, offline banner, new-mail title badge', async ({ page }) => {
    await openApp(page);
    emit('sync.progress', { bal: 'alice.martin@test.mssante.fr', folder: 'INBOX', phase: 'headers', done: 1200, total: 5000 });
    await expect(page.getByTestId('sync-progress')).toContainText('Synchronisation : Boîte de réception');
    await expect(page.getByTestId('sync-progress')).toContainText('1 200 / 5 000 messages');
    await expect(page.getByTestId('sync-progress').locator('progress')).toHaveAttribute('value', '24');
    const since = await page.evaluate(() => new Date().setHours(14, 32, 0, 0));
    emit('connectivity.changed', { online: false, since });
    await expect(page.getByTestId('offline-banner')).toHaveText('Hors ligne depuis 14:32 — les messages en cache restent consultables');
    await page.screenshot({ path: shot('mail-offline') });
    // The operator's connection cap reached ([LIMIT] at login): explained, with what to do.
    emit('connectivity.changed', { online: false, since, reason: 'SERVER_LIMIT', connectionCap: 10 });
    await expect(page.getByTestId('offline-banner')).toContainText('limite le nombre de connexions simultanées (10 par personne)');
    await expect(page.getByTestId('offline-banner')).toContainText('reprendra automatiquement');
    await expect(page.getByTestId('offline-banner')).toContainText('fermez la messagerie sur les postes que vous n’utilisez pas');
    emit('sync.progress', { bal: 'alice.martin@test.mssante.fr', folder: 'Trash', phase: 'headers', done: 0, total: 0 });
    await expect(page.getByTestId('sync-progress')).toHaveCount(0);
    // A folder never synced yet: its empty list says its messages are coming, until the engine is done with it.
    await page.getByTestId('folder-Junk').click();
    await expect(page.getByTestId('list-first-sync')).toHaveText('Première synchronisation de ce dossier : ses messages arrivent du serveur…');
    await page.screenshot({ path: shot('mail-first-sync-folder') });
    emit('sync.progress', { bal: 'alice.martin@test.mssante.fr', folder: 'Junk', phase: 'idle', done: 0, total: 0 });
    await expect(page.getByTestId('list-empty-folder')).toHaveText('Ce dossier est vide.');
    await page.getByTestId('folder-INBOX').click();
    emit('connectivity.changed', { online: true, since: Date.now() });
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);

    await page.evaluate(() => Object.defineProperty(document, 'hasFocus', { value: () => false, configurable: true }));
    emit('mail.new', { bal: 'alice.martin@test.mssante.fr', count: 3 });
    await expect(page).toHaveTitle('(3) Messagerie MSSanté');
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect(page).toHaveTitle('Messagerie MSSanté');
  });

  test('new-mail notifications: off by default, turned on by the bell, count and BAL only', async ({ page }) => {
    await page.context().grantPermissions(['notifications']);
    await openApp(page);
    // Records what the app shows (the headless browser displays nothing).
    await page.evaluate(() => {
      const seen: Array<{ title: string; body: string }> = [];
      (window as unknown as { __notes: typeof seen }).__notes = seen;
      const Real = window.Notification;
      class Recorded extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          seen.push({ title, body: options?.body ?? '' });
        }
      }
      window.Notification = Recorded as typeof Notification;
      Object.defineProperty(document, 'hasFocus', { value: () => false, configurable: true });
    });
    const notes = () => page.evaluate(() => (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes);
    const bell = page.getByTestId('notifications-toggle');
    await expect(bell).toHaveAttribute('aria-pressed', 'false');
    // Delivered to the page (the app's own listener, registered first, has run when ours runs).
    // The listener is in place before the event is sent (else the event can arrive first and never resolve).
    await page.evaluate(() => {
      const w = window as unknown as { mss: { on(name: string, l: () => void): () => void }; __delivered: Promise<void> };
      w.__delivered = new Promise<void>((resolve) => {
        const off = w.mss.on('mail.new', () => {
          off();
          setTimeout(resolve, 0);
        });
      });
    });
    emit('mail.new', { bal: 'alice.martin@test.mssante.fr', count: 2 });
    await page.evaluate(() => (window as unknown as { __delivered: Promise<void> }).__delivered);
    expect(await notes()).toEqual([]);
    await bell.click();
    await expect(bell).toHaveAttribute('aria-pressed', 'true');
    await expect(bell).toHaveAttribute('aria-label', 'Désactiver les notifications de nouveaux messages');
    emit('mail.new', { bal: 'alice.martin@test.mssante.fr', count: 2 });
    await expect.poll(notes).toEqual([{ title: '2 nouveaux messages', body: 'Dans « Dr Alice MARTIN » — ouvrez la messagerie pour le lire.' }]);
    await page.screenshot({ path: shot('mail-notifications-on') });
    await bell.click();
    await expect(bell).toHaveAttribute('aria-pressed', 'false');
  });

  test('print shows the header and the sanitized body; Delete removes the message and selects the next', async ({ page }) => {
    await openApp(page);
    await row(page, 'Lettre d’information du laboratoire').click();
    await expect(frame(page).locator('h1')).toHaveText('Laboratoire BIOLAB');
    await page.evaluate(() => {
      window.print = () => {
        const w = window as unknown as { printed: string | null };
        w.printed = document.querySelector('.print-body')?.innerHTML ?? null;
      };
    });
    await page.getByTestId('print').click();
    const printed = await page.evaluate(() => (window as unknown as { printed: string | null }).printed);
    expect(printed).toContain('Laboratoire BIOLAB');
    expect(printed).not.toMatch(/<script|onload|onerror|<form|<iframe|<style/i);
    // The print view lives in the app's page: ids and names are namespaced (no DOM clobbering of the app).
    expect(printed).not.toMatch(/\b(id|name)="(?!user-content-)/i);
    expect(printed).toContain('id="user-content-logo"');
    await expect(page.locator('.print-body')).toHaveCount(0); // only while the print dialog is open
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('pane-list')).toBeHidden();
    await page.emulateMedia({ media: 'screen' });

    await row(page, 'Radiographie thoracique').click();
    await page.getByTestId('message-list').focus();
    await page.keyboard.press('Delete');
    await expect(row(page, 'Radiographie thoracique')).toHaveCount(0);
    await expect(page.locator('[role="option"][aria-selected="true"]')).toContainText('Re: Avis cardiologique');
    await expect(page.getByTestId('list-title')).toContainText('5 messages');
  });

  test('unread-only filter, sort toggle, English labels', async ({ page }) => {
    await page.clock.install(); // the reader's "read after 1 s" timer is run on demand below
    await openApp(page);
    const rows = page.getByTestId('message-row');
    const avis = rows.filter({ hasText: /^Dr Bob DURAND.*Avis cardiologique/ }).filter({ hasNotText: 'Re:' });
    await avis.click();
    await page.getByTestId('message-list').focus();
    if (!((await avis.getAttribute('class')) ?? '').includes('msg-row--unread')) await page.keyboard.press('u');
    await expect(avis).toHaveClass(/msg-row--unread/);
    await page.clock.runFor(1600); // the reader's "read after 1 s" must not undo the user's choice
    await expect(avis).toHaveClass(/msg-row--unread/);
    await page.getByTestId('unread-only').click();
    await expect(page.getByTestId('unread-only')).toHaveAttribute('aria-pressed', 'true');
    await expect(rows.filter({ hasText: 'Avis cardiologique' })).toHaveCount(1);
    expect(await page.locator('.msg-row:not(.msg-row--unread)').count()).toBe(0);
    await page.getByTestId('unread-only').click();
    await page.getByTestId('sort-toggle').click();
    await expect(page.getByTestId('sort-toggle')).toHaveAttribute('data-sort', 'date-asc');
    await expect(rows.first()).toContainText('Convocation de Mme ROUX');
    await page.getByTestId('sort-toggle').click();
    await expect(rows.first()).toContainText('Compte rendu de consultation');

    await page.getByTestId('language').selectOption('en');
    await expect(page.getByTestId('folder-INBOX')).toContainText('Inbox');
    await expect(page.getByTestId('folder-Sent')).toContainText('Sent');
    await expect(page.getByTestId('list-title')).toContainText(/Inbox\s*5 messages/);
    await rows.filter({ hasText: 'Lettre d’information' }).click();
    await expect(page.getByTestId('remote-images-bar')).toContainText('Remote images were blocked to protect your privacy.');
    await page.screenshot({ path: shot('mail-english') });
    await page.getByTestId('language').selectOption('fr');
    await expect(page.getByTestId('folder-INBOX')).toContainText('Boîte de réception');
  });

  test('conversations: thread rows, expand by keyboard and click, thread actions, search stays flat, preference kept', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('folder-Archives').click();
    const list = page.getByTestId('message-list');
    const rows = page.getByTestId('message-row');
    await expect(rows).toHaveCount(6);
    await expect(list).toHaveAttribute('role', 'listbox');
    const toggle = page.getByTestId('conversations-toggle');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    try {
      await expect(toggle).toHaveAttribute('aria-pressed', 'true');
      await expect(list).toHaveAttribute('role', 'tree');
      // Newest conversation first; the lone message is a plain row.
      await expect(rows).toHaveCount(3);
      await expect(rows.nth(0)).toContainText('Re: Suivi post-opératoire — M. LEFEBVRE');
      await expect(rows.nth(1)).toContainText('Demande d’avis dermatologique');
      await expect(rows.nth(2)).toContainText('HbA1c — M. PETIT');
      const suivi = rows.nth(0);
      await expect(suivi).toHaveAttribute('data-kind', 'thread');
      await expect(suivi).toHaveAttribute('aria-level', '1');
      await expect(suivi).toHaveAttribute('aria-expanded', 'false');
      await expect(suivi).toHaveClass(/msg-row--unread/);
      // 4 in Archives + Alice's reply kept in Sent; participants in the order they wrote.
      await expect(suivi.getByTestId('thread-count')).toHaveText('5');
      await expect(suivi).toContainText('Dr Claire NOËL, moi, Julie FAURE (IDE)');
      await expect(suivi).toHaveAttribute('aria-label', /5 messages dans la conversation, 2 non lus/);
      await expect(rows.nth(2)).not.toHaveAttribute('aria-expanded', /.*/);

      // Selecting the thread opens its latest message.
      await suivi.click();
      await expect(page.getByTestId('pane-reader')).toContainText('ablation des fils prévue lundi');
      await list.focus();
      await page.keyboard.press('ArrowRight');
      await expect(suivi).toHaveAttribute('aria-expanded', 'true');
      const children = page.locator('[data-testid="message-row"][aria-level="2"]');
      await expect(children).toHaveCount(5);
      await expect(children.nth(0)).toContainText('Sortie de M. LEFEBVRE');
      await expect(children.nth(1).getByTestId('row-other-folder')).toHaveText('Envoyés');
      await expect(children.nth(1)).toContainText('moi');
      await expect(children.nth(4)).toHaveAttribute('aria-posinset', '5');
      // → again goes to the first message of the thread, ↓ to the reply in Sent, which opens in the reader.
      await page.keyboard.press('ArrowRight');
      await expect(children.nth(0)).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('ArrowDown');
      await expect(children.nth(1)).toHaveAttribute('aria-selected', 'true');
      await expect(list).toHaveAttribute('aria-activedescendant', /^msg-\d+-\d+$/);
      await expect(page.getByTestId('pane-reader')).toContainText('je passe le voir à domicile');
      await page.screenshot({ path: shot('mail-conversations-expanded') });

      // ← goes back to the thread row, ← again collapses; m on the thread row marks the whole conversation read.
      await page.keyboard.press('ArrowLeft');
      await expect(suivi).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('ArrowLeft');
      await expect(suivi).toHaveAttribute('aria-expanded', 'false');
      await expect(children).toHaveCount(0);
      await page.keyboard.press('u');
      await expect(suivi).not.toHaveClass(/msg-row--unread/);
      await expect(page.getByTestId('folder-Archives')).not.toContainText(/\d/);
      // Click on the count expands too; every message is read now.
      await suivi.getByTestId('thread-count').click();
      await expect(children).toHaveCount(5);
      expect(await page.locator('.msg-row--child.msg-row--unread').count()).toBe(0);
      // s on the thread row flags / unflags; the row shows the star while any message is flagged.
      await expect(suivi.getByTestId('row-flagged')).toBeVisible();
      await list.focus();
      await page.keyboard.press('s');
      await expect(suivi.getByTestId('row-flagged')).toHaveCount(0);

      // Search results stay flat.
      await page.keyboard.press('/');
      await page.keyboard.type('LEFEBVRE');
      await expect(list).toHaveAttribute('role', 'listbox');
      await expect(page.getByTestId('list-title')).toContainText('5 résultats');
      await page.locator('#search-input').press('Escape');
      await expect(list).toHaveAttribute('role', 'tree');

      // The preference is kept (settings), also after a reload.
      await page.reload();
      await page.getByTestId('folder-Archives').click();
      await expect(page.getByTestId('conversations-toggle')).toHaveAttribute('aria-pressed', 'true');
      await expect(rows).toHaveCount(3);
    } finally {
      // Later tests expect the flat list.
      await page.getByTestId('conversations-toggle').click();
      await expect(page.getByTestId('conversations-toggle')).toHaveAttribute('aria-pressed', 'false');
    }
    await expect(list).toHaveAttribute('role', 'listbox');
    await expect(rows).toHaveCount(6);
  });

  test('switching BAL shows only that BAL, INBOX first', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: /Secrétariat du cabinet/ }).click();
    await expect(page.getByTestId('folder-tree').getByRole('treeitem')).toHaveCount(1);
    await expect(row(page, 'Commande de fournitures')).toBeVisible();
    await expect(page.getByTestId('message-row')).toHaveCount(1);
  });
});

test.describe('mail UI over real messages synced from the sandbox Dovecot', () => {
  let sbx: MailHost | undefined;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    sbx = await startMailHost(['--sandbox']);
  });
  test.afterAll(async () => stopMailHost(sbx));

  test('lists the seeded BAL, opens an XDM document and its PDF, blocks remote images, neutralises hostile HTML', async ({ page }) => {
    await openApp(page, sbx!.url);
    await expect(page.getByTestId('folder-tree').getByRole('treeitem').first()).toContainText('Boîte de réception');
    expect(await page.getByTestId('message-row').count()).toBeGreaterThan(5);
    await page.screenshot({ path: shot('mail-sandbox-list') });

    // An XDM document mail (subject prefix hidden, badge, PDF rendering attached).
    await page.keyboard.press('/');
    await page.keyboard.type('xdm');
    const xdmRow = page.getByTestId('message-row').filter({ has: page.locator('.xdm-chip') }).first();
    await expect(xdmRow).toBeVisible();
    await expect(xdmRow).not.toContainText('XDM/1.0/DDM+');
    await xdmRow.click();
    await expect(page.getByTestId('xdm-badge')).toBeVisible();
    await expect(page.getByTestId('reader-subject')).not.toContainText('XDM/1.0');
    const pdf = page.getByTestId('attachment').filter({ hasText: '.pdf' }).first();
    await pdf.getByTestId('attachment-preview').click();
    // Page 1 drawn by pdf.js before the screenshot.
    await expect(page.getByTestId('pdf-preview').locator('canvas[data-page="1"]')).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 });
    await page.screenshot({ path: shot('mail-sandbox-reader-xdm') });

    // Newsletter with trackers on unreachable hosts: blocked, then main cannot load them.
    await page.locator('#search-input').fill('Lettre d’information des professionnels');
    await row(page, 'Lettre d’information des professionnels de santé').first().click();
    await expect(page.getByTestId('remote-images-bar')).toContainText('Les images distantes ont été bloquées');
    await expect(frame(page).locator('img[src^="http"]')).toHaveCount(0);
    await page.getByTestId('show-remote-images').click();
    await expect(page.getByTestId('remote-images-bar')).toContainText("Aucune image distante n'a pu être chargée.");

    // Hostile HTML: scripts, handlers, forms, frames and CSS are gone.
    await page.locator('#search-input').fill('Mise à jour urgente');
    await row(page, 'Mise à jour urgente de votre messagerie').first().click();
    const f = frame(page);
    await expect(f.locator('body')).toContainText('Merci de mettre à jour votre messagerie.');
    await expect(f.locator('script, iframe, form, input, [onload], [onerror]')).toHaveCount(0);
    await expect(f.locator('[style*="http"], [style*="url("]')).toHaveCount(0);
    await expect(f.locator('a')).not.toHaveAttribute('href', /javascript:/);
    await page.screenshot({ path: shot('mail-sandbox-hostile-html') });
  });
});
