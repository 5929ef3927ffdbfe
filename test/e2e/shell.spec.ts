import type { Page } from '@playwright/test';
import { expect, shot, test } from './host-fixture';

/** First run: the setup dialog opens by itself; close it to reach the shell. */
async function dismissFirstRunSetup(page: Page) {
  await expect(page.getByTestId('setup-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('setup-dialog')).toBeHidden();
}

test.describe('UI shell in the browser host', () => {
  test('shows the three panes with French empty states', async ({ page, host }) => {
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(host.url);
    await expect(page.getByTestId('setup-dialog')).toContainText('Ajouter une boîte aux lettres MSSanté');
    await page.screenshot({ path: shot('setup-first-run') });
    await dismissFirstRunSetup(page);
    await expect(page.getByTestId('sidebar-empty')).toContainText('Aucune boîte aux lettres');
    await expect(page.getByTestId('list-empty')).toContainText('Aucun message à afficher');
    await expect(page.getByTestId('reader-empty')).toContainText('Aucun message sélectionné');
    await expect(page.getByTestId('person')).toHaveText('Non connecté');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    // The secret is taken out of the address bar once read.
    expect(page.url()).not.toContain('#k=');
    await page.screenshot({ path: shot('shell-fr') });
    expect(failed).toEqual([]);
  });

  test('switches to English and keeps the choice after reload', async ({ page, host }) => {
    await page.goto(host.url);
    await dismissFirstRunSetup(page);
    await page.getByTestId('language').selectOption('en');
    await expect(page.getByTestId('sidebar-empty')).toContainText('No mailbox yet');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.screenshot({ path: shot('shell-en') });
    await page.reload();
    await dismissFirstRunSetup(page);
    await expect(page.getByTestId('list-empty')).toContainText('No message to show');
    await page.getByTestId('language').selectOption('fr');
    await expect(page.getByTestId('list-empty')).toContainText('Aucun message à afficher');
  });

  test('is keyboard driven: F6 cycles panes, / focuses search, ? opens the shortcuts', async ({ page, host }) => {
    await page.goto(host.url);
    await dismissFirstRunSetup(page);
    await expect(page.getByTestId('sidebar-empty')).toBeVisible();
    await page.keyboard.press('F6');
    await expect(page.getByTestId('pane-list')).toBeFocused();
    await page.keyboard.press('F6');
    await expect(page.getByTestId('pane-reader')).toBeFocused();
    await page.keyboard.press('Shift+F6');
    await expect(page.getByTestId('pane-list')).toBeFocused();
    await page.keyboard.press('/');
    await expect(page.locator('#search-input')).toBeFocused();
    await page.locator('#search-input').press('Escape');
    await page.getByTestId('pane-list').focus();
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
    await page.screenshot({ path: shot('shell-shortcuts') });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
  });

  test('the page cannot reach the bridge without the per-run secret', async ({ page, host }) => {
    await page.goto(`http://127.0.0.1:${host.port}/`);
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await expect(page.getByTestId('bridge-error')).toContainText('ne répond pas');
    await page.screenshot({ path: shot('shell-no-secret') });
    const refused = await page.evaluate(
      (port) =>
        new Promise<boolean>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge`, ['mss-bridge.v1', 'mss-secret.wrong']);
          ws.onopen = () => resolve(false);
          ws.onerror = () => resolve(true);
        }),
      host.port,
    );
    expect(refused).toBe(true);
  });

  test('serves the strict CSP and refuses foreign Host headers', async ({ request, host }) => {
    const res = await request.get(`http://127.0.0.1:${host.port}/`);
    expect(res.status()).toBe(200);
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const rebinding = await request.get(`http://127.0.0.1:${host.port}/`, { headers: { Host: 'evil.example:80' } });
    expect(rebinding.status()).toBe(403);
  });
});
