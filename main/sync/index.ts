export { SyncEngine, resolveOptions } from './engine';
export { EngineWorkerHost, EngineWorkerError } from './engine-host';
export { resolveWorkerEntry, type WorkerEntry } from './resolve-worker-entry';
export { AuthFailedError, CredentialsUnavailableError } from './connection';
export { OfflineError } from './account-sync';
export type { EngineApi, WorkerInit, ToWorker, FromWorker } from './protocol';
export type * from './types';
