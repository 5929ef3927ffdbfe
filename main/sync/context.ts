// What the sync steps share for one account.
import type { StoreWriter } from '../store/writer';
import type { SyncQueries } from '../store/sync-queries';
import type { EngineAccount, EngineEvent } from './types';

export interface ResolvedOptions {
  connectionBudget: number;
  headerBatchSize: number;
  fullBodyMaxBytes: number;
  bodyBatchBytes: number;
  backgroundBodies: boolean;
  pollIntervalMs: number;
  backoff: { baseMs: number; maxMs: number };
  socketTimeoutMs: number;
}

export interface SyncContext {
  bal: string;
  accountId: number;
  account: EngineAccount;
  store: StoreWriter;
  q: SyncQueries;
  options: ResolvedOptions;
  emit(e: EngineEvent): void;
  /** True once stop() was called: long loops return early. */
  stopped(): boolean;
}

export function isInbox(path: string, specialUse: string | null | undefined): boolean {
  return path.toUpperCase() === 'INBOX' || specialUse === '\\Inbox';
}
