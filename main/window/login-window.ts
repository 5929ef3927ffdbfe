// Electron only: the Pro Santé Connect login window (authorization code + PKCE). Its own in-memory
// session (no cookie survives a logout), no preload, sandboxed. Every decision comes from
// login-policy.ts (unit-tested): navigation to the PSC origins of the configuration and the loopback
// callback only, no permission, no download; it closes itself once PSC has redirected to the callback.
import { BrowserWindow, session, type WebContents } from 'electron';
import { isLoopbackCallback } from './login-navigation';
import { type LoginPolicy, loginDownloadAllowed, loginNavigationAllowed, loginPermissionAllowed } from './login-policy';

let current: { win: BrowserWindow; policy: LoginPolicy } | null = null;

/** The policy of the open login window when `wc` is that window (select-client-certificate), else null. */
export function loginPolicyFor(wc: WebContents | null): LoginPolicy | null {
  return current && !current.win.isDestroyed() && wc !== null && current.win.webContents === wc ? current.policy : null;
}

export function openLoginWindow(url: string, policy: LoginPolicy, parent: BrowserWindow | undefined): void {
  current?.win.close();
  const ses = session.fromPartition(`psc-login-${Date.now()}`); // no "persist:" prefix: in memory only
  ses.setPermissionRequestHandler((_wc, permission, cb) => cb(loginPermissionAllowed(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => loginPermissionAllowed(permission));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => {
    if (!loginDownloadAllowed()) event.preventDefault();
  });
  const win = new BrowserWindow({
    width: 520,
    height: 760,
    parent,
    modal: Boolean(parent),
    title: 'Connexion Pro Santé Connect',
    webPreferences: { session: ses, sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false },
  });
  current = { win, policy };
  const wc = win.webContents;
  const guard = (event: { preventDefault(): void }, target: string) => {
    if (!loginNavigationAllowed(target, policy)) event.preventDefault();
  };
  wc.on('will-navigate', guard);
  wc.on('will-redirect', guard);
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('did-navigate', (_e, target) => {
    if (isLoopbackCallback(target)) setTimeout(() => win.close(), 800);
  });
  win.on('closed', () => {
    if (current?.win === win) current = null;
  });
  if (loginNavigationAllowed(url, policy)) void win.loadURL(url);
  else win.close();
}
