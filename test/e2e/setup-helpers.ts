// Steps shared by the e2e flows: add a BAL through the real setup dialog; the secretary's e-CPS login on
// the cabinet BAL (her phone approves through the sandbox PSC's test control).
import type { Page } from '@playwright/test';
import { expect } from './host-fixture';
import { pscControl } from './sandbox-env';

export const SECRETARY = '810101234560';
export const CABINET = 'cabinet.saint-roch@test.mssante.fr';

export async function addBalThroughSetup(page: Page, address: string): Promise<void> {
  const dialog = page.getByTestId('setup-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('setup-address').fill(address);
  await page.getByTestId('setup-search').click();
  await expect(page.getByTestId('setup-found')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('setup-save').click();
  await expect(dialog).toBeHidden();
}

/** Claire PETIT adds the cabinet BAL, logs in with e-CPS and lands on the cabinet's INBOX. */
export async function loginAsSecretaryOnCabinet(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await addBalThroughSetup(page, CABINET);
  await page.getByTestId('login-tab-mobile').click();
  await page.getByTestId('login-idnat').fill(SECRETARY);
  await page.getByTestId('login-ciba-submit').click();
  await expect(page.getByTestId('ciba-code')).toHaveText(/^[0-9]{2}$/);
  expect((await pscControl('/ciba/approve', { idNat: SECRETARY, waitMs: '5000' })).status).toBe(200);
  await expect(page.getByTestId('person')).toHaveText('Claire PETIT', { timeout: 30_000 });
  const sidebar = page.getByTestId('pane-sidebar');
  await expect(sidebar).toContainText('Cabinet médical Saint-Roch', { timeout: 30_000 });
  if (!(await page.getByTestId('active-bal').textContent())?.includes(CABINET)) {
    await sidebar.getByRole('button', { name: /Cabinet médical Saint-Roch/ }).click();
  }
  await expect(page.getByTestId('active-bal')).toContainText(CABINET);
  await expect(page.getByTestId('pane-list').getByRole('option').first()).toBeVisible({ timeout: 60_000 });
}
