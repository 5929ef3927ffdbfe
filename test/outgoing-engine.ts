// The sync engine as the sending side's way to the IMAP server in tests (integration and torture), as the
// app wires it (SyncController.outgoing()): a real SyncEngine; a BAL the sending side uses is started in
// it, syncing no folder unless a test asks for some (sync()), as the app syncs the BALs of the person.
import { SyncEngine } from '../main/sync/engine';
import type { OutgoingImap } from '../main/sync/protocol';
import type { CredentialsProvider, EngineAccount, EngineOptions } from '../main/sync/types';
import type { StoreWriter } from '../main/store/writer';

export interface OutgoingEngine {
  engine: SyncEngine;
  imap: OutgoingImap;
  /** (Re)starts these BALs syncing these folders. */
  sync(bals: string[], folders: string[]): Promise<void>;
  /** Stops the BALs started for `sync` (they go back to syncing nothing). */
  unsync(bals: string[]): Promise<void>;
  stop(): Promise<void>;
}

export function outgoingEngine(
  writer: StoreWriter,
  credentials: CredentialsProvider,
  account: (bal: string) => Omit<EngineAccount, 'onlyFolders'>,
  options: EngineOptions = {},
): OutgoingEngine {
  const engine = new SyncEngine(writer, credentials, { connectionBudget: 3, backgroundBodies: false, ...options });
  const started = new Map<string, string>();
  const start = async (bal: string, folders: string[]) => {
    const key = bal.toLowerCase();
    const wanted = JSON.stringify(folders);
    if (started.get(key) === wanted) return;
    if (started.has(key)) await engine.stop(bal);
    engine.start({ ...account(bal), onlyFolders: folders });
    started.set(key, wanted);
  };
  const ensure = async (bal: string) => {
    if (!started.has(bal.toLowerCase())) await start(bal, []);
  };
  return {
    engine,
    imap: {
      appendSent: async (bal, raw, messageId) => (await ensure(bal), engine.appendSent(bal, raw, messageId)),
      locateSent: async (bal, messageId, alsoInbox) => (await ensure(bal), engine.locateSent(bal, messageId, alsoInbox)),
      appendDraft: async (bal, raw, uuid) => (await ensure(bal), engine.appendDraft(bal, raw, uuid)),
      removeDraftCopies: async (bal, removal) => (await ensure(bal), engine.removeDraftCopies(bal, removal)),
      fetchSource: (messageId) => engine.fetchSource(messageId),
      fetchHeaders: (messageId, fields) => engine.fetchHeaders(messageId, fields),
    },
    async sync(bals, folders) {
      for (const bal of bals) await start(bal, folders);
    },
    async unsync(bals) {
      for (const bal of bals) await start(bal, []);
    },
    async stop() {
      started.clear();
      await engine.stop();
    },
  };
}
