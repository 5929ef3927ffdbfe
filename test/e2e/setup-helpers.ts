// Steps shared by the e2e flows: add the cabinet BAL through the real setup dialog.
import type { Page } from '@playwright/test';
import { expect } from './host-fixture';

export async function addBalThroughSetup(page: Page, address: string): Promise<void> {
  const dialog = page.getByTestId('setup-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('setup-address').fill(address);
  await page.getByTestId('setup-search').click();
  await expect(page.getByTestId('setup-found')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('setup-save').click();
  await expect(dialog).toBeHidden();
}
