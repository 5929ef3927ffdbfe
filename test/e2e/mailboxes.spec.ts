// Delegated mailboxes, end to end against the sandbox operator: the secretary's switcher (three delegated
// BALs, Dr DURAND's refused), the unified inbox, switching timings (keypress → first row of that BAL),
// and the audit trail dialog with its CSV export.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import MailComposer from 'nodemailer/lib/mail-composer';
import { DOMAIN } from '../../sandbox/config';
import { countConnections, plainImapClient } from '../../sandbox/control';
import { expect, shot, startHostProcess, stopHostProcess, test, type RunningHostProcess } from './host-fixture';
import { pscControl, sandboxHostEnv } from './sandbox-env';
import { addBalThroughSetup } from './setup-helpers';

const SECRETARY = '810101234560';
const CABINET = `cabinet.saint-roch@${DOMAIN}`;
const ALICE = `alice.martin@${DOMAIN}`;
const ACCUEIL = `accueil.centre-sante@${DOMAIN}`;
const BOB = `bob.durand@${DOMAIN}`;
// One message of this run, newest of all, in each delegated BAL's INBOX: mail left by earlier runs (the
// sandbox keeps it) must not push a BAL out of the unified list's first screen.
const FRESH = `Unifiée ${Date.now().toString(36)}`;
let host: RunningHostProcess;
let page: Page;
const frames: Array<{ at: number; what: string }> = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  // The operator's cap (10 sessions per person) is shared with any other test logged in as the secretary:
  // start when her sessions leave room for this app (rights checks + 2 per BAL).
  for (let i = 0; i < 180 && (await countConnections(SECRETARY)) > 3; i++) await new Promise((r) => setTimeout(r, 500));
  for (const bal of [CABINET, ALICE, ACCUEIL]) {
    const c = await plainImapClient(bal);
    try {
      const raw = await new MailComposer({ from: { name: 'Dr Alice MARTIN', address: ALICE }, to: bal, subject: `${FRESH} ${bal}`, text: 'Message du jour.' }).compile().build();
      await c.append('INBOX', raw, []);
    } finally {
      await c.logout().catch(() => undefined);
    }
  }
  host = await startHostProcess(sandboxHostEnv());
  page = await browser.newPage();
  // Bridge traffic (call / event names only, never payloads), to explain a slow switch.
  page.on('websocket', (ws) => {
    const note = (dir: string) => (f: { payload: string | Buffer }) => {
      const m = /"(?:name)":"([^"]+)"|"t":"(result)","id":(\d+)/.exec(String(f.payload).slice(0, 200));
      if (m) frames.push({ at: Date.now(), what: `${dir} ${m[1] ?? `result#${m[3]}`}` });
    };
    ws.on('framesent', note('>'));
    ws.on('framereceived', note('<'));
  });
});
test.afterAll(async () => {
  await page?.close();
  await stopHostProcess(host);
  const log = path.join(host.profileDir, 'logs', 'main.log');
  if (fs.existsSync(log)) fs.copyFileSync(log, 'test-results/mailboxes-main.log');
});

async function loginSecretary(): Promise<void> {
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await page.getByTestId('login-tab-mobile').click();
  await page.getByTestId('login-idnat').fill(SECRETARY);
  await page.getByTestId('login-ciba-submit').click();
  await expect(page.getByTestId('ciba-code')).toHaveText(/^[0-9]{2}$/);
  const approved = await pscControl('/ciba/approve', { idNat: SECRETARY, waitMs: '5000' });
  expect(approved.status).toBe(200);
  await expect(page.getByTestId('person')).toHaveText('Claire PETIT', { timeout: 30_000 });
}

test('switcher: the three delegated BALs, and the one the operator refuses', async () => {
  await page.goto(host.url);
  await addBalThroughSetup(page, CABINET);
  await loginSecretary();
  const sidebar = page.getByTestId('pane-sidebar');
  for (const bal of [CABINET, ALICE, ACCUEIL]) await expect(page.getByTestId(`bal-${bal}`)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('bal-list').getByRole('button')).toHaveCount(3);
  await expect(page.getByTestId(`bal-${CABINET}`)).toContainText('CAB');
  await expect(page.getByTestId(`bal-${ACCUEIL}`)).toContainText('ORG');
  await expect(page.getByTestId(`bal-${ALICE}`)).toContainText('PER');
  await expect(page.getByTestId(`bal-${ALICE}`)).toContainText('Délégataire');
  await expect(page.getByTestId('unified-inbox')).toBeVisible();

  // Dr DURAND's BAL added on this workstation: the operator refuses it to the secretary, said plainly.
  await page.getByTestId('switcher-add').click();
  await addBalThroughSetup(page, BOB);
  const refused = page.getByTestId(`refused-${BOB}`);
  await expect(refused).toBeVisible({ timeout: 30_000 });
  await expect(refused).toContainText("Accès refusé par l'opérateur : vous n'avez pas de droit sur cette boîte");
  await expect(refused).toHaveAttribute('data-reason', 'no-rights');
  await expect(page.getByTestId(`bal-${BOB}`)).toHaveCount(0);
  await expect(page.getByTestId('bal-list').getByRole('button')).toHaveCount(3);

  // Every BAL's INBOX is synced (unread counts appear as they come).
  await expect(sidebar).toContainText('Boîte de réception', { timeout: 60_000 });
  await expect(page.getByTestId('pane-list').getByRole('option').first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: shot('mailboxes-switcher') });
});

test('unified inbox: every BAL\'s INBOX, newest first, each row with its BAL', async () => {
  await page.keyboard.press('Control+0');
  const list = page.getByTestId('unified-list');
  await expect(page.getByTestId('unified-inbox')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('unified-title')).toContainText('Toutes les boîtes de réception');
  await expect(page.getByTestId('pane-list')).toBeHidden();
  // Rows of the three BALs show up (the other BALs finish their first sync meanwhile): this run's
  // message of each BAL, newest of all, is on the first screen.
  for (const bal of [CABINET, ALICE, ACCUEIL]) await expect(list.getByTestId('message-row').filter({ hasText: `${FRESH} ${bal}` })).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(async () => new Set(await list.getByTestId('message-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-bal')))).size, { timeout: 60_000 })
    .toBe(3);
  const bals = await list.getByTestId('message-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-bal')!.toLowerCase()));
  expect(bals).not.toContain(BOB);
  // Newest first: ids follow dates in the store (date_ms × 1024 + n).
  const ids = await list.getByTestId('message-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-message-id'))));
  const dates = ids.map((id) => Math.floor(id / 1024));
  expect(dates).toEqual([...dates].sort((a, b) => b - a));
  await expect(list.getByTestId('row-bal').first()).toBeVisible();
  // Opening one from the unified list shows it in the reader.
  await list.getByTestId('message-row').first().click();
  await expect(page.getByTestId('reader-subject')).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: shot('mailboxes-unified') });
});

test('switching shows the other BAL\'s cached list at once (keypress → first row, timings printed)', async () => {
  // The newest INBOX message of each BAL (= first row of its list), read from the unified inbox.
  const firstRow = await page.getByTestId('unified-list').getByTestId('message-row').evaluateAll((rows) => {
    const out: Record<string, string> = {};
    for (const r of rows) {
      const bal = r.getAttribute('data-bal')!.toLowerCase();
      if (!(bal in out)) out[bal] = r.getAttribute('data-message-id')!;
    }
    return out;
  });
  const order = await page.getByTestId('bal-list').getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-testid')!.slice(4).toLowerCase()));
  expect(Object.keys(firstRow).sort()).toEqual([...order].sort());

  type Probe = { done?: number; error?: string };
  const measure = async (index: number): Promise<number> => {
    const bal = order[index]!;
    // 1. Arm the probe in the page (keydown time → the frame that paints that BAL's first row).
    await page.evaluate(
      ({ id, key }) => {
        const w = window as unknown as { __probe: Probe };
        const probe: Probe = {};
        w.__probe = probe;
        const found = () => document.querySelector(`[data-testid="pane-list"] [data-testid="message-row"][data-message-id="${id}"]`);
        const onKey = (e: KeyboardEvent) => {
          if (!e.ctrlKey || e.key !== key) return;
          const t0 = performance.now();
          window.removeEventListener('keydown', onKey, true);
          const observer = new MutationObserver(() => {
            if (!found()) return;
            observer.disconnect();
            requestAnimationFrame(() => (probe.done = performance.now() - t0));
          });
          observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        };
        window.addEventListener('keydown', onKey, true);
      },
      { id: firstRow[bal]!, key: String(index + 1) },
    );
    // 2. The keypress, 3. the result.
    const pressed = Date.now();
    await page.keyboard.press(`Control+${index + 1}`);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __probe: Probe }).__probe.done ?? null), { timeout: 5000, message: `first row of ${bal}` })
      .not.toBeNull();
    const ms = (await page.evaluate(() => (window as unknown as { __probe: Probe }).__probe.done))!;
    if (ms > 90) {
      const around = frames.filter((f) => f.at >= pressed - 300 && f.at <= pressed + ms + 100).map((f) => `${f.at - pressed}ms ${f.what}`);
      console.log(`[mailboxes] slow switch to ${bal} (${Math.round(ms)} ms), bridge traffic around it:\n  ${around.join('\n  ')}`);
    }
    await expect(page.getByTestId(`bal-${bal}`)).toHaveAttribute('aria-current', 'true');
    await expect(page.getByTestId('active-bal')).toContainText(bal, { ignoreCase: true });
    // At a person's pace: the refresh this switch started (sync of that BAL, 250 ms later) runs before the
    // next switch — the bridge has been quiet for a moment.
    await expect.poll(() => Date.now() - (frames.at(-1)?.at ?? 0), { timeout: 30_000, message: 'bridge quiet after the switch' }).toBeGreaterThan(400);
    return ms;
  };

  const round = (ms: number) => Math.round(ms * 10) / 10;
  const summary = (ts: Array<{ to: string; ms: number }>) => {
    const sorted = ts.map((t) => t.ms).sort((a, b) => a - b);
    return `${ts.map((t) => `${t.to.split('@')[0]} ${t.ms} ms`).join(', ')}; median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`;
  };
  // Measured once the first sync is done (no 'messages.changed' for 1.5 s): what the secretary lives with
  // all day. Focus in the app's own document (not inside a message frame) so Ctrl+n reaches the app.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const mss = (window as unknown as { mss: { on(name: string, l: () => void): () => void } }).mss;
        let last = performance.now();
        const off = mss.on('messages.changed', () => (last = performance.now()));
        const started = performance.now();
        const tick = () => {
          if (performance.now() - last > 1500 || performance.now() - started > 30_000) {
            off();
            resolve();
          } else setTimeout(tick, 100);
        };
        tick();
      }),
  );
  await page.getByTestId('pane-sidebar').getByRole('heading', { name: 'Boîtes aux lettres' }).click();
  // First visit of each BAL's list in this window (leaving the unified inbox first: the switcher prefetched
  // the other BALs' INBOX shortly after login), then switching around twice. Each time the list shown is
  // the one kept in memory, then the fresh page from the encrypted store replaces it.
  const first: Array<{ to: string; ms: number }> = [];
  for (const i of [0, 1, 2]) first.push({ to: order[i]!, ms: round(await measure(i)) });
  const timings: Array<{ to: string; ms: number }> = [];
  for (const i of [1, 2, 0, 1, 2, 0]) timings.push({ to: order[i]!, ms: round(await measure(i)) });
  console.log(`[mailboxes] switch keypress → first row painted, first visit: ${summary(first)}`);
  console.log(`[mailboxes] switch keypress → first row painted, switching back and forth: ${summary(timings)}`);
  fs.writeFileSync('test-results/mailboxes-switch-timings.json', JSON.stringify({ first, timings }, null, 2));
  // The 100 ms target is a measured figure (printed above, and in test-results/mailboxes-switch-timings.json),
  // never a timed assertion: what is asserted is that each switch painted that BAL's newest cached row.
  expect([...timings, ...first].every((t) => t.ms >= 0)).toBe(true);
  await page.screenshot({ path: shot('mailboxes-switched') });
});

test('audit trail: who opened, read what in which BAL; filters, keyboard, CSV export', async () => {
  // Read one message of the active BAL (a trace), then open the trail from the header.
  const active = (await page.getByTestId('active-bal').locator('.app-header__address').textContent())!.trim().toLowerCase();
  await page.getByTestId('pane-list').getByTestId('message-row').first().click();
  await expect(page.getByTestId('reader-subject')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('open-audit').click();
  const dialog = page.getByTestId('audit-dialog');
  await expect(dialog).toBeVisible();
  const rows = dialog.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();
  for (const action of ['bal.open', 'message.read', 'login']) await expect(dialog.locator(`[data-action="${action}"]`).first()).toBeVisible();
  await expect(dialog.locator('[data-action="message.read"]').first()).toContainText('Claire PETIT');
  await expect(dialog.locator('[data-action="message.read"]').first()).toContainText(SECRETARY);
  await expect(dialog.locator('[data-action="message.read"]').first()).toContainText('INBOX');
  await expect(dialog.locator('[data-action="message.read"]').first()).toContainText(/<.+@.+>/);
  await page.screenshot({ path: shot('mailboxes-audit') });

  // Filter by BAL (keyboard only): only that BAL's rows.
  await dialog.getByTestId('audit-filter-bal').focus();
  await dialog.getByTestId('audit-filter-bal').selectOption(active);
  await page.keyboard.press('Tab'); // from
  await page.keyboard.press('Tab'); // to
  await page.keyboard.press('Tab'); // refresh
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await rows.evaluateAll((rs) => rs.map((r) => r.children[2]!.getAttribute('title')!.toLowerCase()))).every((b) => b === active)).toBe(true);
  await expect(rows.first()).toBeVisible();
  // Sessions only.
  await dialog.getByTestId('audit-filter-bal').selectOption('session');
  await dialog.getByTestId('audit-refresh').click();
  await expect.poll(async () => rows.evaluateAll((rs) => [...new Set(rs.map((r) => r.getAttribute('data-action')))])).toEqual(['login']);
  // A date range in the future: nothing.
  await dialog.getByTestId('audit-filter-bal').selectOption('');
  await dialog.getByTestId('audit-filter-from').fill('2099-01-01');
  await dialog.getByTestId('audit-refresh').click();
  await expect(dialog.getByTestId('audit-empty')).toBeVisible();
  await dialog.getByTestId('audit-filter-from').fill('');
  await dialog.getByTestId('audit-refresh').click();
  await expect(rows.first()).toBeVisible();

  // CSV export lands in the profile's Téléchargements folder (browser host) without any subject.
  await dialog.getByTestId('audit-export').click();
  await expect(dialog.getByTestId('audit-status')).toContainText('Journal exporté');
  const dir = path.join(host.profileDir, 'Téléchargements');
  const files = fs.readdirSync(dir).filter((f) => /^journal-activite-.*\.csv$/.test(f));
  expect(files).toHaveLength(1);
  const csv = fs.readFileSync(path.join(dir, files[0]!), 'utf8');
  expect(csv.split('\r\n')[0]).toContain('id;horodatage;idnat;bal;action;cible;resultat;detail');
  expect(csv).toContain(`;${SECRETARY};${active};message.read;<`);
  const subject = (await page.getByTestId('reader-subject').textContent())!.trim();
  expect(subject.length).toBeGreaterThan(3);
  expect(csv).not.toContain(subject);
  await page.screenshot({ path: shot('mailboxes-audit-exported') });

  // Escape closes the dialog.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
