// "Verrouiller" (Ctrl+L and the header menu), "Se déconnecter", and the automatic lock after inactivity
// (2 h by default, Ségur SC.SSI/IE.58; shorter when chosen), for the secretary's e-CPS session against the
// sandbox. The inactivity rule runs on Playwright's clock (page.clock): time is moved, never waited for.
// Each step is in the audit trail, in words.
import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { sandboxHostEnv, pscControl } from './sandbox-env';
import { type RunningHostProcess, shot, startHostProcess, stopHostProcess } from './host-fixture';
import { SECRETARY, loginAsSecretaryOnCabinet } from './setup-helpers';

let host: RunningHostProcess | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  host = await startHostProcess({ MSSANTE_DATA_DIR: path.resolve('data'), ...sandboxHostEnv() });
});

test.afterAll(async () => {
  if (host) await stopHostProcess(host, 'session-lock-main.log');
});

/** Main's view of the session, after a round trip (a barrier: anything the page asked before has landed). */
const sessionInMain = (page: Page) =>
  page.evaluate(() => (window as unknown as { mss: { invoke(n: string): Promise<{ locked: boolean } | null> } }).mss.invoke('session.get'));

/** The locked screen of an e-CPS session: the phone unlocks it (the tab is already e-CPS, the IdNat remembered). */
async function unlockWithPhone(page: Page): Promise<void> {
  await expect(page.getByTestId('login-tab-mobile')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('login-idnat')).toHaveValue(SECRETARY);
  await page.getByTestId('login-ciba-submit').click();
  await expect(page.getByTestId('ciba-code')).toHaveText(/^[0-9]{2}$/);
  expect((await pscControl('/ciba/approve', { idNat: SECRETARY, waitMs: '5000' })).status).toBe(200);
  await expect(page.getByTestId('pane-list')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('person')).toHaveText('Claire PETIT');
}

test('lock with Ctrl+L and from the menu, automatic lock after inactivity, logout, all in the audit trail', async ({ page }) => {
  test.setTimeout(240_000);
  await page.clock.install();
  await loginAsSecretaryOnCabinet(page, host!.url);

  await test.step('Ctrl+L locks: content hidden, the phone unlocks', async () => {
    await page.getByTestId('pane-list').focus();
    await page.keyboard.press('Control+l');
    await expect(page.getByTestId('login-screen')).toContainText('Session verrouillée');
    await expect(page.getByTestId('lock-reason')).toContainText('La session a été verrouillée : le contenu est masqué.');
    await expect(page.getByTestId('lock-reason')).toContainText('Claire PETIT la reprend en validant une connexion Pro Santé Connect');
    await expect(page.getByTestId('pane-list')).toHaveCount(0);
    expect((await sessionInMain(page))?.locked).toBe(true);
    await page.screenshot({ path: shot('session-locked-ctrl-l') });
    await unlockWithPhone(page);
  });

  await test.step('the header menu: Verrouiller', async () => {
    await page.getByTestId('session-menu').click();
    const menu = page.getByTestId('context-menu');
    await expect(menu.getByRole('menuitem')).toContainText(['Verrouiller', 'Se déconnecter', 'Verrouillage automatique…']);
    await expect(menu.getByTestId('menu-lock')).toContainText('Ctrl+L');
    await page.screenshot({ path: shot('session-menu') });
    await menu.getByTestId('menu-lock').click();
    await expect(page.getByTestId('login-screen')).toContainText('Session verrouillée');
    await unlockWithPhone(page);
  });

  await test.step('2 h without activity lock by default, not a minute before', async () => {
    await page.clock.fastForward('01:59:00');
    expect((await sessionInMain(page))?.locked).toBe(false);
    await expect(page.getByTestId('pane-list')).toBeVisible();
    await page.clock.fastForward('01:01');
    await expect(page.getByTestId('lock-reason')).toContainText('La session s’est verrouillée après une période sans activité');
    expect((await sessionInMain(page))?.locked).toBe(true);
    await page.screenshot({ path: shot('session-locked-idle') });
    await unlockWithPhone(page);
  });

  await test.step('a shorter delay chosen: 5 minutes; activity starts it again', async () => {
    await page.getByTestId('session-menu').click();
    await page.getByTestId('menu-auto-lock').click();
    const dialog = page.getByTestId('auto-lock-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('auto-lock-minutes')).toHaveValue('120');
    await dialog.getByTestId('auto-lock-minutes').selectOption('5');
    await page.screenshot({ path: shot('session-auto-lock-setting') });
    await dialog.getByTestId('auto-lock-save').click();
    await expect(dialog).toBeHidden();
    await page.clock.fastForward('04:00');
    await page.keyboard.press('j'); // activity
    await page.clock.fastForward('04:00');
    expect((await sessionInMain(page))?.locked).toBe(false);
    await page.clock.fastForward('01:01');
    await expect(page.getByTestId('lock-reason')).toContainText('après une période sans activité');
    await unlockWithPhone(page);
  });

  await test.step('the audit trail says it in words', async () => {
    await page.getByTestId('open-audit').click();
    const audit = page.getByTestId('audit-dialog');
    await audit.getByTestId('audit-filter-bal').selectOption('session');
    await audit.getByTestId('audit-refresh').click();
    await expect(audit.locator('[data-testid="audit-row"][data-action="lock"]')).toHaveCount(4);
    await expect(audit.locator('[data-testid="audit-row"][data-action="unlock"]')).toHaveCount(4);
    await expect(audit.locator('[data-testid="audit-row"][data-action="lock"]').first()).toContainText('Verrouillage');
    await expect(audit.getByTestId('audit-table')).not.toContainText(/\block\b|\bunlock\b|ciba-mobile|\buser\b|\bsystem\b/);
    await expect(audit.locator('[data-testid="audit-row"][data-action="lock"]').first()).toContainText('Automatique (inactivité');
    await expect(audit.locator('[data-testid="audit-row"][data-action="lock"]').last()).toContainText('Par la personne');
    await page.screenshot({ path: shot('session-audit') });
    await audit.getByTestId('audit-close').click();
  });

  await test.step('Se déconnecter: back to the login screen, not resumed on reload', async () => {
    await page.getByTestId('session-menu').click();
    await page.getByTestId('menu-logout').click();
    await expect(page.getByTestId('login-screen')).toContainText('Connexion Pro Santé Connect');
    await expect(page.getByTestId('person')).toHaveText('Non connecté');
    expect(await sessionInMain(page)).toBeNull();
    await page.reload();
    await expect(page.getByTestId('login-screen')).toContainText('Connexion Pro Santé Connect');
    expect(await sessionInMain(page)).toBeNull();
    await page.screenshot({ path: shot('session-logged-out') });
  });
});
