// Electron only: the Pro Santé Connect login window (authorization code + PKCE). Its own in-memory
// session (no cookie survives a logout), no preload, sandboxed; it may only navigate to https pages and
// to the app's loopback callback, and closes itself once PSC has redirected there.
import { BrowserWindow, session } from 'electron';
import { isLoopbackCallback, loginNavigationAllowed } from './login-navigation';

let current: BrowserWindow | null = null;

export function openLoginWindow(url: string, parent: BrowserWindow | undefined): void {
  current?.close();
  const ses = session.fromPartition(`psc-login-${Date.now()}`); // no "persist:" prefix: in memory only
  ses.setPermissionRequestHandler((_wc, _p, cb) => cb(false));
  const win = new BrowserWindow({
    width: 520,
    height: 760,
    parent,
    modal: Boolean(parent),
    title: 'Connexion Pro Santé Connect',
    webPreferences: { session: ses, sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false },
  });
  current = win;
  const wc = win.webContents;
  const guard = (event: { preventDefault(): void }, target: string) => {
    if (!loginNavigationAllowed(target)) event.preventDefault();
  };
  wc.on('will-navigate', guard);
  wc.on('will-redirect', guard);
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('did-navigate', (_e, target) => {
    if (isLoopbackCallback(target)) setTimeout(() => win.close(), 800);
  });
  win.on('closed', () => {
    if (current === win) current = null;
  });
  void win.loadURL(url);
}
