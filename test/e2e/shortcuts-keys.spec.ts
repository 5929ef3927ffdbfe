// Issue 16 "also fix": the shortcuts dialog prints the keys as they are named on the person's keyboard —
// French: Maj, Entrée, Suppr, Échap, arrows as ↑ / ↓ — and switches with the interface language.
import { expect, shot, test } from './host-fixture';

const ENGLISH_NAMES = /\b(Shift|Enter|Del|Esc|Arrows)\b/;

test('shortcuts dialog: French key names, English ones in English', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('setup-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('setup-dialog')).toBeHidden();
  await page.getByTestId('pane-list').focus();
  await page.keyboard.press('?');
  const dialog = page.getByTestId('shortcuts-dialog');
  await expect(dialog).toBeVisible();
  const keys = (await dialog.locator('kbd').allInnerTexts()).map((k) => k.trim());
  expect(keys).toEqual(expect.arrayContaining(['Maj+F6', 'Entrée', 'Suppr', 'Échap', 'M / Maj+M', 'Maj+↑ / ↓', 'Menu / Maj+F10', 'Ctrl+Entrée', 'R / Maj+R']));
  expect(keys.filter((k) => ENGLISH_NAMES.test(k))).toEqual([]);
  await page.screenshot({ path: shot('shortcuts-fr') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByTestId('language').selectOption('en');
  await page.getByTestId('pane-list').focus();
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  const en = (await dialog.locator('kbd').allInnerTexts()).map((k) => k.trim());
  expect(en).toEqual(expect.arrayContaining(['Shift+F6', 'Enter', 'Del', 'Esc', 'Ctrl+Enter']));
  await page.keyboard.press('Escape');
  await page.getByTestId('language').selectOption('fr');
});
