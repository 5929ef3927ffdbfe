// The cabinet's day one: the secretary adds the cabinet BAL from its address alone, logs in once with
// e-CPS, and finds the BALs delegated to her, against the real sandbox operator.
import fs from 'node:fs';
import path from 'node:path';
import { expect, shot, startHostProcess, stopHostProcess, test, type RunningHostProcess } from './host-fixture';
import { PORTS } from '../../sandbox/config';
import { pscControl, sandboxHostEnv } from './sandbox-env';

const SECRETARY = '810101234560';
let host: RunningHostProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  host = await startHostProcess(sandboxHostEnv());
});
test.afterAll(async () => {
  await stopHostProcess(host);
  // Keep the host's log next to the screenshots (it never holds content, tokens or PINs: checked in security tests).
  const log = path.join(host.profileDir, 'logs', 'main.log');
  if (fs.existsSync(log)) fs.copyFileSync(log, 'test-results/secretary-flow-main.log');
});

test('setup finds the operator settings from the BAL address alone', async ({ page }) => {
  await page.goto(host.url);
  const dialog = page.getByTestId('setup-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('setup-address').fill('pas une adresse');
  await page.getByTestId('setup-search').click();
  await expect(dialog.getByRole('alert')).toContainText("Cette adresse n'est pas valide");
  await page.getByTestId('setup-address').fill('cabinet.saint-roch@test.mssante.fr');
  await page.getByTestId('setup-search').click();
  const found = page.getByTestId('setup-found');
  await expect(found).toBeVisible({ timeout: 30_000 });
  await expect(found).toContainText(`localhost:${PORTS.imap}`);
  await expect(found).toContainText('STARTTLS');
  await expect(found).toContainText('Pro Santé Connect');
  await expect(page.getByTestId('setup-trusted')).toBeVisible();
  // What the sandbox's trust list (ANS's shape) says: description, operator (O= of its certificates), date.
  await expect(page.getByTestId('setup-trusted')).toContainText('test.mssante.fr — OPERATEUR BAC A SABLE MSSANTE (Messagerie du bac à sable MSSanté)');
  await expect(page.getByTestId('setup-trust-date')).toContainText('Liste de confiance MSSanté du 01/12/2026');
  await page.screenshot({ path: shot('setup-found') });
  await page.getByTestId('setup-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('login-screen')).toBeVisible();
});

test('e-CPS login shows the binding code, then opens the delegated BALs', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await page.screenshot({ path: shot('login-card-tab') });
  await page.getByTestId('login-tab-mobile').click();
  await page.getByTestId('login-idnat').fill('123');
  await page.getByTestId('login-ciba-submit').click();
  await expect(page.getByRole('alert')).toContainText('Identifiant national non reconnu');
  await page.getByTestId('login-idnat').fill(SECRETARY);
  await page.getByTestId('login-ciba-submit').click();
  const code = page.getByTestId('ciba-code');
  await expect(code).toHaveText(/^[0-9]{2}$/);
  await page.screenshot({ path: shot('login-ciba-pending') });
  // The phone shows the same two digits and the secretary approves.
  const approved = await pscControl('/ciba/approve', { idNat: SECRETARY, waitMs: '5000' });
  expect(approved.status).toBe(200);
  expect((approved.json as { binding_message: string }).binding_message).toBe(await code.textContent());
  await expect(page.getByTestId('person')).toHaveText('Claire PETIT', { timeout: 30_000 });
  const sidebar = page.getByTestId('pane-sidebar');
  await expect(sidebar).toContainText('Cabinet médical Saint-Roch', { timeout: 30_000 });
  await expect(sidebar).toContainText('Dr Alice MARTIN');
  await expect(sidebar).toContainText('Centre de santé Saint-Roch – Accueil');
  await expect(sidebar).toContainText('Délégataire');
  await expect(sidebar).not.toContainText('Dr Bob DURAND');
  await page.screenshot({ path: shot('switcher-secretary') });
  // The active BAL syncs: its folders, then its messages, appear.
  await expect(sidebar).toContainText('Boîte de réception', { timeout: 60_000 });
  await expect(page.getByTestId('pane-list').getByRole('option').first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: shot('list-cabinet') });
});
