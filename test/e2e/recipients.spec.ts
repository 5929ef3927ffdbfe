// The recipient field never swaps what was typed for a suggestion of an older query (issue #16 point 4):
// "dup" brings Marie DUPONT from the sandbox's Annuaire Santé, the secretary keeps typing
// dupont.famille@orange.fr at 0 ms and at 100 ms per key and presses Entrée (or Tab): the chip is the typed
// address. A suggestion of the query typed now is still taken. Assertions on the chip, never on time.
import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { FHIR_BASE_URL } from '../../sandbox/config';
import { sandboxHostEnv } from './sandbox-env';
import { type RunningHostProcess, shot, startHostProcess, stopHostProcess } from './host-fixture';
import { loginAsSecretaryOnCabinet } from './setup-helpers';

const MARIE = 'marie.dupont@chu-exemple.mssante.fr';
const TYPED = 'dupont.famille@orange.fr';
let host: RunningHostProcess | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  host = await startHostProcess({ MSSANTE_DATA_DIR: path.resolve('data'), ...sandboxHostEnv() });
});

test.afterAll(async () => {
  if (host) await stopHostProcess(host, 'recipients-main.log');
});

async function openComposer(page: Page): Promise<void> {
  await page.getByTestId('pane-list').focus();
  await page.keyboard.press('n');
  await expect(page.getByTestId('composer')).toBeVisible();
  await expect(page.getByTestId('compose-to-input')).toBeFocused();
}

/** Types "dup", waits for Marie DUPONT's suggestion, then the rest of the address at `delay` ms per key. */
async function typeOverSuggestion(page: Page, delay: number): Promise<void> {
  await page.keyboard.type('dup');
  await expect(page.getByTestId('recipient-suggestion').filter({ hasText: MARIE })).toBeVisible({ timeout: 20_000 });
  await page.keyboard.type(TYPED.slice(3), { delay });
}

/** Closes the composer, deleting the draft when it asks. */
async function discard(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  const ask = page.getByTestId('confirm-discard');
  const composer = page.getByTestId('composer');
  await expect.poll(async () => (await ask.isVisible()) || !(await composer.isVisible())).toBe(true);
  if (await ask.isVisible()) await ask.getByTestId('discard-delete').click();
  await expect(page.getByTestId('composer')).toBeHidden();
}

test('Entrée and Tab keep the typed address over an older suggestion, take a current one', async ({ page }) => {
  test.setTimeout(240_000);
  await loginAsSecretaryOnCabinet(page, host!.url);
  await page.getByTestId('compose-settings-button').click();
  const settings = page.getByTestId('compose-settings');
  await settings.getByTestId('settings-directory-url').fill(FHIR_BASE_URL);
  await settings.getByTestId('settings-api-key').fill('cle-bac-a-sable');
  await settings.getByTestId('settings-save').click();
  await expect(settings).toBeHidden();

  const chips = () => page.getByTestId('compose-to').getByTestId('recipient-chip');
  for (const delay of [0, 100]) {
    await test.step(`typed at ${delay} ms per key, then Entrée`, async () => {
      await openComposer(page);
      await typeOverSuggestion(page, delay);
      await page.keyboard.press('Enter');
      await expect(chips()).toHaveCount(1);
      await expect(chips()).toHaveAttribute('data-address', TYPED);
      await page.screenshot({ path: shot(`recipients-typed-enter-${delay}ms`) });
      await discard(page);
    });
  }

  await test.step('typed at 100 ms per key, then Tab', async () => {
    await openComposer(page);
    await typeOverSuggestion(page, 100);
    await page.keyboard.press('Tab');
    await expect(chips()).toHaveCount(1);
    await expect(chips()).toHaveAttribute('data-address', TYPED);
    await expect(page.getByTestId('compose-to-input')).not.toBeFocused();
    await discard(page);
  });

  await test.step('typed addresses get the trust list verdict and operator, not a guess from the domain', async () => {
    await openComposer(page);
    for (const a of ['dr.x@medecin.mssante.fr', 'y@inconnu.mssante.fr']) {
      await page.keyboard.type(a);
      await page.keyboard.press(',');
    }
    const medecin = page.getByTestId('compose-to').locator('[data-address="dr.x@medecin.mssante.fr"]');
    await expect(medecin).toHaveAttribute('data-operator', 'CAPGEMINI TECHNOLOGY SERVICES');
    await expect(medecin).toHaveAttribute('title', /medecin\.mssante\.fr — CAPGEMINI TECHNOLOGY SERVICES \(Domaine de messagerie Mailiz/);
    await expect(medecin).toContainText('CAPGEMINI TECHNOLOGY SERVICES');
    // Ends in mssante.fr but is not on the list: outside the trust space.
    const unknown = page.getByTestId('compose-to').locator('[data-address="y@inconnu.mssante.fr"]');
    await expect(unknown).toContainText('hors espace de confiance');
    await expect(page.getByTestId('untrusted-warning')).toBeVisible();
    await page.screenshot({ path: shot('recipients-trust-list') });
    await discard(page);
  });

  await test.step('the suggestion of what is typed now is still taken by Entrée', async () => {
    await openComposer(page);
    await page.keyboard.type('dup');
    const marie = page.getByTestId('recipient-suggestion').filter({ hasText: MARIE });
    await expect(marie).toBeVisible({ timeout: 20_000 });
    const addresses = await page.getByTestId('recipient-suggestion').locator('.suggest__addr').allTextContents();
    for (let i = 0; i < addresses.indexOf(MARIE); i++) await page.keyboard.press('ArrowDown');
    await expect(marie).toHaveAttribute('aria-selected', 'true');
    await page.screenshot({ path: shot('recipients-current-suggestion') });
    await page.keyboard.press('Enter');
    await expect(chips()).toHaveCount(1);
    await expect(chips()).toHaveAttribute('data-address', MARIE);
    await discard(page);
  });
});
