// Electron only: the hardened main window. Every guard comes from ./guards (unit-tested).
import { BrowserWindow, session, shell } from 'electron';
import { APP_ORIGIN, guardNavigation, guardWebview, hardenedWebPreferences, permissionRequestDecision, windowOpenDecision } from './guards';

export function hardenDefaultSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionRequestDecision(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => permissionRequestDecision(permission));
  ses.setDevicePermissionHandler(() => false);
  // Downloads are never started by page content: attachments are saved through the bridge.
  ses.on('will-download', (event) => event.preventDefault());
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Messagerie MSSanté',
    backgroundColor: '#f5f7fa',
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  const wc = win.webContents;
  wc.on('will-navigate', (event, url) => guardNavigation(event, url));
  wc.on('will-redirect', (event, url) => guardNavigation(event, url));
  wc.on('will-attach-webview', (event) => guardWebview(event));
  wc.setWindowOpenHandler(({ url }) => windowOpenDecision(url, (u) => void shell.openExternal(u)));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
