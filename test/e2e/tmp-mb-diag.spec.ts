import { DOMAIN } from '../../sandbox/config';
import { expect, startHostProcess, stopHostProcess, test } from './host-fixture';
import { pscControl, sandboxHostEnv } from './sandbox-env';
import { addBalThroughSetup } from './setup-helpers';
test('diag', async ({ page }) => {
  test.setTimeout(180_000);
  const host = await startHostProcess(sandboxHostEnv());
  try {
    await page.goto(host.url);
    await addBalThroughSetup(page, `cabinet.saint-roch@${DOMAIN}`);
    await page.getByTestId('login-tab-mobile').click();
    await page.getByTestId('login-idnat').fill('810101234560');
    await page.getByTestId('login-ciba-submit').click();
    await expect(page.getByTestId('ciba-code')).toHaveText(/^[0-9]{2}$/);
    await pscControl('/ciba/approve', { idNat: '810101234560', waitMs: '5000' });
    await expect(page.getByTestId('pane-list').getByRole('option').first()).toBeVisible({ timeout: 60_000 });
    await page.waitForTimeout(8000);
    const log: string[] = [];
    let t0 = 0;
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => { if (t0) log.push(`${(Date.now() - t0).toString().padStart(4)} > ${String(f.payload).slice(0, 110)}`); });
      ws.on('framereceived', (f) => { if (t0) log.push(`${(Date.now() - t0).toString().padStart(4)} < ${String(f.payload).slice(0, 90)}`); });
    });
    await page.reload();
    await expect(page.getByTestId('pane-list').getByRole('option').first()).toBeVisible({ timeout: 60_000 });
    await page.waitForTimeout(3000);
    for (const k of ['2', '3', '1']) {
      log.length = 0;
      await page.evaluate(() => {
        (window as any).__t = [];
        const mo = new MutationObserver(() => {
          const first = document.querySelector('[data-testid="pane-list"] [data-testid="message-row"]');
          const h = document.querySelector('[data-testid="active-bal"]')?.textContent;
          (window as any).__t.push(`${performance.now().toFixed(0)} row=${first?.getAttribute('data-message-id')} hdr=${h?.slice(12, 40)}`);
        });
        mo.observe(document.body, { childList: true, subtree: true });
        window.addEventListener('keydown', () => (window as any).__t.push(`${performance.now().toFixed(0)} KEY`), { capture: true, once: true });
      });
      t0 = Date.now();
      await page.keyboard.press(`Control+${k}`);
      await page.waitForTimeout(1500);
      t0 = 0;
      const tl = await page.evaluate(() => (window as any).__t as string[]);
      const dedup = tl.filter((x, i) => i === 0 || x.split(' ').slice(1).join(' ') !== tl[i - 1]!.split(' ').slice(1).join(' '));
      console.log(`---- Ctrl+${k}\n` + dedup.slice(0, 25).join('\n') + '\n' + log.slice(0, 40).join('\n'));
    }
  } finally { await stopHostProcess(host); }
});
