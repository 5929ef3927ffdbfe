// Window guards as plain functions (no Electron import) so each is unit-tested; the Electron shell
// wires them onto its BrowserWindow and session.
import path from 'node:path';
import { isSafeExternalUrl } from './external-links';

/** Fixed origin of the app's pages under Electron (custom privileged scheme). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mssante';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** webPreferences of every window: the Electron security checklist, applied. */
export function hardenedWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: undefined,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
    safeDialogs: true,
    disableDialogs: false,
  } as const;
}

/** will-navigate / will-redirect: the app is a single page; every navigation is refused. */
export function guardNavigation(event: { preventDefault(): void }, _url: string): void {
  event.preventDefault();
}

/** setWindowOpenHandler: never a new window; safe https links go to the system browser. */
export function windowOpenDecision(url: string, openExternal: (url: string) => void): { action: 'deny' } {
  if (isSafeExternalUrl(url)) openExternal(url);
  return { action: 'deny' };
}

/** Permission requests (camera, notifications prompts, geolocation...) are denied by default. */
export function permissionRequestDecision(permission: string): boolean {
  // The one exception: new-mail notifications, which the person turns on in the app (count and BAL only).
  return permission === 'notifications';
}

/** will-attach-webview: webviews are never allowed. */
export function guardWebview(event: { preventDefault(): void }): void {
  event.preventDefault();
}

/**
 * An IPC sender is trusted only if it is the top frame of one of our windows showing an app:// page.
 * Sub-frames (message HTML) and any other origin are refused.
 */
export function isTrustedSender(
  sender: { frameUrl: string | undefined; isMainFrame: boolean; webContentsId: number },
  trustedWebContentsIds: ReadonlySet<number>,
): boolean {
  return (
    sender.frameUrl !== undefined &&
    sender.isMainFrame &&
    trustedWebContentsIds.has(sender.webContentsId) &&
    isAppUrl(sender.frameUrl)
  );
}

/** Maps an app:// URL to a file of the renderer bundle, refusing anything outside it. */
export function resolveAppAsset(rendererDir: string, raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!isAppUrl(url.href)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}
