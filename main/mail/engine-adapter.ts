// Wiring helpers between the sync engine (main/sync: EngineApi, in-process or worker) and the mail
// handlers / bridge events. The lead plugs these in app-services.ts.
import type { EventName, EventPayload } from '../../shared/contract';
import type { EngineApi, OutgoingImap } from '../sync/protocol';
import { readStoredAttachment } from '../sync/stored-attachment';
import type { EngineEvent } from '../sync/types';
import type { StoreReader } from '../store/reader';
import type { MailEngineCommands } from './engine-commands';

/** MailEngineCommands over the engine's API. The BAL was already checked by the handlers. */
/** The engine as the reading side uses it: not the sending side's OutgoingImap, nor which BALs sync (the SyncController's). */
export type MailEngineApi = Omit<EngineApi, keyof OutgoingImap | 'reconcile' | 'purge' | 'setConnectionBudget'>;

export function mailEngineFromApi(api: MailEngineApi, reader: () => StoreReader | null): MailEngineCommands {
  return {
    setFlags: async (_bal, ids, change) => {
      await api.applyChange({ kind: 'flags', messageIds: ids, add: change.add, remove: change.remove });
      return ids.length;
    },
    move: async (_bal, ids, folderId) => {
      await api.applyChange({ kind: 'move', messageIds: ids, destFolderId: folderId });
      return ids.length;
    },
    copy: async (_bal, ids, folderId) => {
      await api.applyChange({ kind: 'copy', messageIds: ids, destFolderId: folderId });
      return ids.length;
    },
    specialFolder: (bal, role) => api.specialFolder(bal, role),
    delete: async (_bal, ids) => {
      await api.applyChange({ kind: 'delete', messageIds: ids });
      return ids.length;
    },
    fetchBody: async (_bal, messageId) => {
      await api.fetchBody(messageId);
    },
    fetchAttachment: async (_bal, messageId, part) => {
      try {
        await api.fetchAttachment(messageId, part);
      } catch {
        return null; // offline, message gone...: the handler tells the user
      }
      const r = reader();
      return r ? readStoredAttachment(r, messageId, part) : null;
    },
    syncNow: async (bal) => {
      try {
        await api.syncNow(bal ?? undefined);
        return true;
      } catch {
        return false;
      }
    },
  };
}

export type BridgeEvent = { [K in EventName]: { name: K; payload: EventPayload<K> } }[EventName];

/**
 * The bridge events an engine event becomes (connectivity and auth events are the lead's: the header
 * aggregates them across BALs). `folderIdsOf` resolves the folders of message ids when the engine did not
 * say (local changes): pass the reader's lookup.
 */
export function bridgeEventsFromEngine(e: EngineEvent, folderIdsOf: (ids: number[]) => number[]): BridgeEvent[] {
  switch (e.type) {
    case 'progress':
      return [{ name: 'sync.progress', payload: { bal: e.bal, folder: e.folder, phase: e.phase, done: e.done, total: e.total } }];
    case 'folderChanged':
      return [
        { name: 'messages.changed', payload: { bal: e.bal, folderIds: e.folderIds } },
        { name: 'folders.changed', payload: { bal: e.bal } },
      ];
    case 'messagesChanged': {
      const folderIds = e.folderId !== null ? [e.folderId] : folderIdsOf(e.ids);
      return folderIds.length > 0 ? [{ name: 'messages.changed', payload: { bal: e.bal, folderIds } }] : [];
    }
    case 'newMail':
      return [{ name: 'mail.new', payload: { bal: e.bal, count: e.count } }];
    case 'indexProgress':
      return [{ name: 'index.progress', payload: { pending: e.pending, indexed: e.indexed } }];
    default:
      return [];
  }
}

/** Folder ids of messages still in the cache (for bridgeEventsFromEngine). */
export function folderIdsFromReader(reader: StoreReader | null, ids: readonly number[]): number[] {
  if (!reader) return [];
  const out = new Set<number>();
  for (const id of ids.slice(0, 500)) {
    const m = reader.getMessage(id);
    if (m) out.add(m.folderId);
  }
  return [...out];
}
