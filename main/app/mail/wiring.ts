// One call for the composition root (app-services.ts): the mail handlers over the store reader and the
// sync engine, plus the forwarding of engine events to the bridge. Everything it needs is a getter, so
// it can be built at startup, before login, and follows the session (lock, logout, BAL rights).
import type { EventBus } from '../../bridge/events';
import type { StoreReader } from '../../store/reader';
import type { EngineApi } from '../../sync/protocol';
import type { EngineEvent } from '../../sync/types';
import { type MailEngineCommands, type MailHandlers, createMailHandlers } from '../mail-handlers';
import type { AttachmentFiles } from './attachment-files';
import { bridgeEventsFromEngine, folderIdsFromReader, mailEngineFromApi } from './engine-adapter';
import { engineUnavailable } from './errors';
import type { RemoteImageLimits } from './remote-images';

export interface MailWiringOptions {
  reader: () => StoreReader | null;
  /** The running engine (worker host or in-process), null when not started (locked, offline session). */
  engine: () => EngineApi | null;
  allowedBals: () => string[];
  files: AttachmentFiles;
  events: EventBus;
  /** Sandbox/test mode only: remote images over http and from loopback (the sandbox serves them). */
  remoteImages?: Partial<RemoteImageLimits>;
}

export function wireMail(o: MailWiringOptions): { handlers: MailHandlers; forwardEngineEvent: (e: EngineEvent) => void } {
  const current = (): MailEngineCommands => {
    const api = o.engine();
    if (!api) throw engineUnavailable();
    return mailEngineFromApi(api, o.reader);
  };
  const engine: MailEngineCommands = {
    setFlags: (bal, ids, change) => current().setFlags(bal, ids, change),
    move: (bal, ids, folderId) => current().move(bal, ids, folderId),
    delete: (bal, ids) => current().delete(bal, ids),
    fetchBody: async (bal, id) => {
      if (o.engine()) await current().fetchBody(bal, id);
    },
    fetchAttachment: async (bal, id, part) => (o.engine() ? current().fetchAttachment(bal, id, part) : null),
    syncNow: async (bal) => (o.engine() ? current().syncNow(bal) : false),
  };
  const handlers = createMailHandlers({ reader: o.reader, engine, allowedBals: o.allowedBals, files: o.files, remoteImages: o.remoteImages });
  const forwardEngineEvent = (e: EngineEvent) => {
    for (const ev of bridgeEventsFromEngine(e, (ids) => folderIdsFromReader(o.reader(), ids))) {
      (o.events.emit as (name: string, payload: unknown) => void)(ev.name, ev.payload);
    }
  };
  return { handlers, forwardEngineEvent };
}
