// What the mail handlers ask of the sync engine (implemented over the engine's API in engine-adapter.ts).
import type { FlagName } from '../store/types';
import type { SpecialRole } from '../sync/special-folders';

/** What the mail UI asks of the sync engine (the lead wires it to main/sync). */
export interface MailEngineCommands {
  /** Applies the flag change locally and queues it for the server; returns how many messages changed. */
  setFlags(bal: string, ids: number[], change: { add: FlagName[]; remove: FlagName[] }): Promise<number>;
  /** Moves messages to a folder of the same BAL; returns how many moved. */
  move(bal: string, ids: number[], folderId: number): Promise<number>;
  /** Copies messages to a folder of the same BAL; returns how many. */
  copy(bal: string, ids: number[], folderId: number): Promise<number>;
  /** Deletes for good (\Deleted + UID EXPUNGE on replay); returns how many. */
  delete(bal: string, ids: number[]): Promise<number>;
  /** Folder id of the BAL's Trash / Archives, created on the server when it has none. */
  specialFolder(bal: string, role: SpecialRole): Promise<number>;
  /** Starts fetching a body not cached yet; the engine emits 'messages.changed' when it is stored. */
  fetchBody(bal: string, messageId: number): Promise<void>;
  /** Fetches (and caches) an attachment's content; null when the server cannot be reached. */
  fetchAttachment(bal: string, messageId: number, part: string): Promise<Buffer | null>;
  /** Starts a sync of one BAL (or of every open BAL); false when none could start (offline...). */
  syncNow(bal: string | null): Promise<boolean>;
}
