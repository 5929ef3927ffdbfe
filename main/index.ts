// Electron shell: lifecycle, the hardened window and the IPC wiring. Everything else lives in services
// that also run, unchanged, under the browser host (main/host).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, shell } from 'electron';
import { createAppServices } from './app/app-services';
import type { MessageFrames } from './frames/message-frames';
import { wireElectronIpc } from './window/electron-ipc';
import { configureLogFile, log } from './log';
import { registerAppSchemeAsPrivileged, serveAppScheme } from './window/app-protocol';
import { isSafeExternalUrl } from './window/external-links';
import { createMainWindow, hardenDefaultSession } from './window/main-window';
import { pickCardCertificate } from './window/client-certificate';
import { loginPolicyFor, openLoginWindow } from './window/login-window';
import { clientCertificateAllowed, pscLoginPolicy } from './window/login-policy';
import { electronAttachmentFiles } from './window/attachment-files';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'index.cjs');

app.enableSandbox();
registerAppSchemeAsPrivileged();
if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(async () => {
  const profileDir = process.env.MSS_PROFILE_DIR ?? app.getPath('userData');
  configureLogFile(path.join(profileDir, 'logs'));
  hardenDefaultSession();
  let frames: MessageFrames | null = null;
  serveAppScheme(rendererDir, () => frames);
  const services = await createAppServices({
    host: 'electron',
    profileDir,
    openLoginWindow: (url, login) => openLoginWindow(url, pscLoginPolicy({ loginUrl: url, ...login }), BrowserWindow.getAllWindows()[0]),
    files: electronAttachmentFiles(path.join(app.getPath('temp'), 'mssante-attachments')),
    openExternal: async (url) => {
      if (!isSafeExternalUrl(url)) return false;
      await shell.openExternal(url);
      return true;
    },
  });
  frames = services.frames;
  // At PSC's login page, the inserted CPS card's certificate is chosen without asking (see client-certificate.ts).
  // Only inside the login window and only for the PSC origins of the configuration; anywhere else the
  // default handling applies (nothing is sent without the person choosing).
  app.on('select-client-certificate', (event, wc, url, list, callback) => {
    if (!clientCertificateAllowed(url, loginPolicyFor(wc))) {
      event.preventDefault();
      callback();
      return;
    }
    event.preventDefault();
    void services.auth.card
      .inserted()
      .then((card) => {
        const match = pickCardCertificate(list, card ? card.identity.der : null);
        if (match) callback(match);
        else callback();
      })
      .catch(() => callback());
  });
  wireElectronIpc(services.dispatcher, services.events, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  createMainWindow(preloadPath);
  log.info('app.ready', { host: 'electron' });
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(preloadPath);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
