// Electron only: carries the contract over ipcMain.handle, refusing calls from any frame that is not
// the top frame of one of our windows on the app:// origin. Events go to trusted windows only.
import { type WebContents, ipcMain } from 'electron';
import { CALL_NAMES, type Envelope } from '../../shared/contract';
import { log } from '../log';
import { isTrustedSender } from './guards';
import type { Dispatcher } from '../bridge/dispatcher';
import type { EventBus } from '../bridge/events';

export const EVENT_CHANNEL = 'mss:event';

export function wireElectronIpc(dispatcher: Dispatcher, events: EventBus, windows: () => WebContents[]): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(name, async (event, ...args: unknown[]): Promise<Envelope<unknown>> => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        { frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame, webContentsId: event.sender.id },
        new Set(windows().map((w) => w.id)),
      );
      if (!trusted) {
        log.warn('bridge.untrusted-sender', { call: name });
        return { ok: false, error: { code: 'bridge.untrusted-sender', message: 'Appel refusé : expéditeur non autorisé.' } };
      }
      return dispatcher.dispatch({ sender: { kind: 'electron', webContentsId: event.sender.id, url: frame?.url ?? '' } }, name, args);
    });
  }
  const unsubscribe = events.subscribeAll((name, payload) => {
    for (const wc of windows()) if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload);
  });
  return () => {
    unsubscribe();
    for (const name of CALL_NAMES) ipcMain.removeHandler(name);
  };
}
