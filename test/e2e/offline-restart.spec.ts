// Issue 16 point 5: a restart without network. The day before, online, the secretary (e-CPS) sets her
// local unlock code and Dr MARTIN logs in with her card; then the operator and PSC are really gone (this
// run's sandbox is stopped) and the app restarts on the same profile and keychain. The secretary opens the
// cache with her code, the doctor with her card and PIN: each sees her BALs at once (no reload), the header
// says offline, and cached mail reads. The sandbox is started again at the end.
import { insertCard, removeCard } from '../../sandbox/card/reader';
import { pinTriesLeft, unblockCard } from '../../sandbox/card/pin';
import { ensureSandboxUp, sandboxDown } from '../../sandbox/control';
import { expect, shot, startHostProcess, stopHostProcess, test, type RunningHostProcess } from './host-fixture';
import { sandboxHostEnv } from './sandbox-env';
import { SECRETARY, loginAsSecretaryOnCabinet } from './setup-helpers';

const ALICE = '810001234567';
const CODE = 'accueil-saint-roch';
let online: RunningHostProcess;
let offline: RunningHostProcess | null = null;
let profileDir = '';
let cabinetFirstRow = '';
let aliceFirstRow = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  removeCard();
  await unblockCard(ALICE);
  online = await startHostProcess(sandboxHostEnv());
  profileDir = online.profileDir;
});
test.afterAll(async () => {
  if (online.child.exitCode === null) await stopHostProcess(online);
  if (offline) await stopHostProcess(offline, 'offline-restart-main.log');
  removeCard();
  await ensureSandboxUp();
  await unblockCard(ALICE);
});

test('online, the day before: the secretary sets her offline code; the doctor logs in with her card, locks, unlocks offline', async ({ page }) => {
  test.setTimeout(240_000);
  await loginAsSecretaryOnCabinet(page, online.url);
  await expect(page.getByTestId('connectivity')).toHaveText('En ligne', { timeout: 60_000 });
  cabinetFirstRow = (await page.getByTestId('pane-list').getByRole('option').first().innerText()).trim();

  await page.getByTestId('session-menu').click();
  await page.getByTestId('menu-offline-code').click();
  const dialog = page.getByTestId('offline-code-dialog');
  await expect(dialog.getByTestId('offline-code-status')).toHaveText('Aucun code hors ligne n’est défini pour vous sur ce poste.');
  await dialog.getByTestId('offline-code-new').fill('court');
  await dialog.getByTestId('offline-code-again').fill('court');
  await dialog.getByTestId('offline-code-save').click();
  await expect(dialog.getByTestId('offline-code-error')).toHaveText('Le code compte au moins 6 caractères.');
  await dialog.getByTestId('offline-code-new').fill(CODE);
  await dialog.getByTestId('offline-code-again').fill(CODE);
  await dialog.getByTestId('offline-code-save').click();
  await expect(dialog.getByTestId('offline-code-done')).toContainText('Code hors ligne enregistré');
  await expect(dialog.getByTestId('offline-code-status')).toContainText('Un code est défini sur ce poste depuis le');
  await page.screenshot({ path: shot('offline-code-dialog') });
  await dialog.getByRole('button', { name: 'Fermer' }).click();

  // Hand over: the doctor signs in with her card on the same workstation.
  await page.getByTestId('session-menu').click();
  await page.getByTestId('menu-logout').click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await page.getByTestId('login-tab-card').click();
  insertCard(ALICE);
  await expect(page.getByTestId('card-identity')).toContainText('ALICE MARTIN', { ignoreCase: true, timeout: 10_000 });
  await page.getByTestId('card-pin').fill('1234');
  await page.getByTestId('card-submit').click();
  await expect(page.getByTestId('person')).toHaveText(/Alice MARTIN/i, { timeout: 30_000 });
  const sidebar = page.getByTestId('pane-sidebar');
  await expect(sidebar).toContainText('Titulaire', { timeout: 30_000 });
  if (!(await page.getByTestId('active-bal').textContent())?.includes('alice.martin@')) {
    await sidebar.getByRole('button', { name: /Dr Alice MARTIN/ }).first().click();
  }
  await expect(page.getByTestId('active-bal')).toContainText('alice.martin@test.mssante.fr');
  await expect(page.getByTestId('pane-list').getByRole('option').first()).toBeVisible({ timeout: 60_000 });
  aliceFirstRow = (await page.getByTestId('pane-list').getByRole('option').first().innerText()).trim();
  removeCard();
  await expect(page.getByTestId('login-screen')).toContainText('Session verrouillée', { timeout: 30_000 });

  // The network goes while her session is locked: her card and PIN still reopen her cache, offline.
  await sandboxDown();
  insertCard(ALICE);
  await expect(page.getByTestId('card-identity')).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('card-pin').fill('1234');
  await page.getByTestId('card-submit').click();
  await expect(page.getByTestId('login-screen')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('person')).toHaveText(/Alice MARTIN/i);
  await expect(page.getByTestId('connectivity')).toContainText('Hors ligne depuis');
  await expect(sidebar).toContainText('Titulaire');
  await expect(page.getByTestId('pane-list').getByRole('option').first()).toBeVisible();
  expect(pinTriesLeft(ALICE)).toBe(3);
  await page.screenshot({ path: shot('offline-locked-card-unlocked') });
  removeCard();
  await expect(page.getByTestId('login-screen')).toContainText('Session verrouillée', { timeout: 30_000 });
  await stopHostProcess(online);
});

test('restart without network, e-CPS user: her local code opens the cache, BALs and status right at once', async ({ page }) => {
  test.setTimeout(240_000);
  // The network is gone (since the end of the test above): PSC, IMAP, SMTP, DNS of this run's operator
  // stopped for real.
  await sandboxDown();
  offline = await startHostProcess(sandboxHostEnv(), profileDir);
  await page.goto(offline.url);
  await expect(page.getByTestId('login-screen')).toBeVisible();
  // Nothing is known: the header never says "En ligne" here.
  await expect(page.getByTestId('connectivity')).toHaveCount(0);
  await expect(page.locator('header')).not.toContainText('En ligne');

  await page.getByTestId('login-tab-mobile').click();
  await expect(page.getByTestId('login-idnat')).toHaveValue(SECRETARY);
  await page.getByTestId('login-ciba-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('Pro Santé Connect', { timeout: 30_000 });
  await page.screenshot({ path: shot('offline-restart-psc-down') });
  await page.getByTestId('login-open-offline').click();

  const form = page.getByTestId('offline-login');
  await expect(form.getByTestId(`offline-person-${SECRETARY}`)).toContainText('Claire PETIT');
  // Only the people who set a code: the doctor uses her card.
  await expect(form.getByTestId(`offline-person-${ALICE}`)).toHaveCount(0);
  await expect(form.getByRole('radio', { name: /Claire PETIT/ })).toBeChecked();
  await form.getByTestId('offline-code').fill('pas-le-bon-code');
  await form.getByTestId('offline-submit').click();
  await expect(form.getByTestId('offline-error')).toHaveText('Code de déverrouillage incorrect. Il reste 9 essais avant l’effacement du déverrouillage hors ligne.');
  await page.screenshot({ path: shot('offline-restart-wrong-code') });

  await form.getByTestId('offline-code').fill(CODE);
  await form.getByTestId('offline-submit').click();
  await expect(page.getByTestId('login-screen')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('person')).toHaveText('Claire PETIT');
  // At once, without a reload: her BALs (the rights confirmed at her last online login) and the status.
  const sidebar = page.getByTestId('pane-sidebar');
  await expect(sidebar).toContainText('Cabinet médical Saint-Roch');
  await expect(sidebar).toContainText('Délégataire');
  await expect(sidebar).not.toContainText('Aucune boîte aux lettres');
  await expect(page.getByTestId('connectivity')).toContainText('Hors ligne depuis');
  await expect(page.getByTestId('offline-banner')).toContainText('Ouvert hors ligne');
  if (!(await page.getByTestId('active-bal').textContent())?.includes('cabinet.saint-roch@')) {
    await sidebar.getByRole('button', { name: /Cabinet médical Saint-Roch/ }).click();
  }
  const first = page.getByTestId('pane-list').getByRole('option').first();
  await expect(first).toBeVisible();
  // The same message as online (sender, date, subject; its preview may have arrived since).
  for (const line of cabinetFirstRow.split('\n').filter(Boolean)) await expect(first).toContainText(line.trim());
  await first.click();
  await expect(page.getByTestId('pane-reader')).not.toBeEmpty();
  await page.screenshot({ path: shot('offline-restart-ecps-opened') });

  // axe's label-content-name-mismatch on the BAL and folder buttons: no aria-label that would not contain
  // the visible text; the accessible name starts with what is printed.
  const mismatches = await sidebar.evaluate((root) =>
    [...root.querySelectorAll('button, [role="treeitem"], [role="option"]')].flatMap((el) => {
      const label = el.getAttribute('aria-label') ?? (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      const visible = (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim().toLowerCase();
      // As axe does, symbols and icons only (the "+" button) are not text content to match.
      return label && /[\p{L}\p{N}]/u.test(visible) && !label.replace(/\s+/g, ' ').toLowerCase().includes(visible) ? [el.outerHTML.slice(0, 160)] : [];
    }),
  );
  expect(mismatches).toEqual([]);
  await expect(sidebar.getByRole('button', { name: /^Cabinet médical Saint-Roch\s*, Cabinet · Délégataire/ })).toBeVisible();
  await expect(sidebar.getByRole('treeitem', { name: /^Boîte de réception/ })).toBeVisible();

  await page.getByTestId('session-menu').click();
  await expect(page.getByTestId('menu-offline-code')).toHaveCount(0); // set only while online
  await page.getByTestId('menu-logout').click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
});

test('restart without network, card user: one PIN (never retried) opens her cache, BALs shown at once', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(offline!.url);
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await page.getByTestId('login-tab-card').click();
  insertCard(ALICE);
  await expect(page.getByTestId('card-identity')).toContainText('ALICE MARTIN', { ignoreCase: true, timeout: 10_000 });
  await page.getByTestId('card-pin').fill('0000');
  await page.getByTestId('card-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('Code porteur incorrect');
  expect(pinTriesLeft(ALICE)).toBe(2);
  // A round trip through main and the card worker: no retry was queued meanwhile.
  await page.evaluate(() => (window as unknown as { mss: { invoke(name: string): Promise<unknown> } }).mss.invoke('auth.cardState'));
  expect(pinTriesLeft(ALICE)).toBe(2);
  expect((await page.getByTestId('login-screen').innerText()).match(/essai/g)).toHaveLength(1);
  await page.screenshot({ path: shot('offline-restart-card-wrong-pin') });

  await page.getByTestId('card-pin').fill('1234');
  await page.getByTestId('card-submit').click();
  await expect(page.getByTestId('person')).toHaveText(/Alice MARTIN/i, { timeout: 30_000 });
  expect(pinTriesLeft(ALICE)).toBe(3);
  const sidebar = page.getByTestId('pane-sidebar');
  await expect(sidebar).toContainText('Dr Alice MARTIN');
  await expect(sidebar).toContainText('Titulaire');
  await expect(sidebar).not.toContainText('Aucune boîte aux lettres');
  await expect(page.getByTestId('connectivity')).toContainText('Hors ligne depuis');
  if (!(await page.getByTestId('active-bal').textContent())?.includes('alice.martin@')) {
    await sidebar.getByRole('button', { name: /Dr Alice MARTIN/ }).first().click();
  }
  const first = page.getByTestId('pane-list').getByRole('option').first();
  await expect(first).toBeVisible();
  for (const line of aliceFirstRow.split('\n').filter(Boolean)) await expect(first).toContainText(line.trim());
  await page.screenshot({ path: shot('offline-restart-card-opened') });
});
