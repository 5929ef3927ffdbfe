// Launches the real Electron app where a binary exists, checks the hardened window and the bridge.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { NO_ELECTRON_REASON, findElectronBinary } from './electron-binary';

const binary = findElectronBinary();
if (!binary) console.warn(`[electron smoke test] skipped: ${NO_ELECTRON_REASON}`);

test.describe('Electron shell', () => {
  test.skip(!binary, NO_ELECTRON_REASON);

  test('starts hardened, serves app:// and exposes exactly window.mss', async () => {
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: ['.', '--no-sandbox'],
      env: { ...process.env, MSS_PROFILE_DIR: profileDir },
    });
    try {
      const win = await app.firstWindow();
      await expect(win.getByTestId('sidebar-empty')).toContainText('Aucune boîte aux lettres');
      expect(win.url()).toBe('app://mssante/index.html');
      const surface = await win.evaluate(() => ({
        keys: Object.keys((window as unknown as { mss: object }).mss).sort(),
        hasRequire: typeof (window as unknown as { require?: unknown }).require,
        hasProcess: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(surface).toEqual({ keys: ['host', 'invoke', 'on'], hasRequire: 'undefined', hasProcess: 'undefined' });
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const wc = BrowserWindow.getAllWindows()[0]!.webContents;
        // getLastWebPreferences is available on WebContents in Electron ≥ 28.
        const p = (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
        return { sandbox: p.sandbox, contextIsolation: p.contextIsolation, nodeIntegration: p.nodeIntegration };
      });
      expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
      // The navigation is seen by main (will-navigate, refused there) and the page stays where it was.
      const attempted = app.evaluate(
        ({ BrowserWindow }) =>
          new Promise<string>((resolve) => BrowserWindow.getAllWindows()[0]!.webContents.once('will-navigate', (_e, to) => setImmediate(() => resolve(to)))),
      );
      await win.evaluate(() => window.location.assign('https://example.org/'));
      expect(await attempted).toBe('https://example.org/');
      expect(win.url()).toBe('app://mssante/index.html');
      await win.screenshot({ path: 'test-results/screenshots/electron-shell.png' });
    } finally {
      await app.close();
    }
  });
});
