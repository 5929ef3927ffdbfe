// Public types of the card service (main-thread API) and of the messages exchanged with its worker.
import type { CertificateIdentity } from './identity';
import type { CardReason } from './messages';
import type { PinStatus } from './pin-status';

/** A PKCS#11 slot id, hex of the CK_SLOT_ID bytes (opaque to callers). */
export type SlotId = string;

export interface TokenSummary {
  label: string;
  serialNumber: string;
  manufacturer: string;
  model: string;
  /** CKF_TOKEN_INITIALIZED; an uninitialised token is not a usable card. */
  initialized: boolean;
  pin: PinStatus;
}

export interface ReaderInfo {
  slotId: SlotId;
  description: string;
  manufacturer: string;
  removable: boolean;
  /** A token is in the slot (CKF_TOKEN_PRESENT and C_GetTokenInfo answered). */
  tokenPresent: boolean;
  /** An initialised token: what the app treats as "a card is inserted". */
  hasCard: boolean;
  token: TokenSummary | null;
}

export interface CardIdentity extends CertificateIdentity {
  slotId: SlotId;
  tokenSerial: string;
  tokenLabel: string;
  /** CKA_ID of the authentication certificate, hex. */
  certificateId: string;
}

export interface ModuleInfo {
  path: string;
  manufacturer: string;
  description: string;
  version: string;
  cryptokiVersion: string;
  /** Whether the presence watcher re-initialises the module to see newly inserted cards. */
  reinitializeOnPoll: boolean;
}

export type LoginResult =
  | { ok: true; pin: PinStatus; pinPad: boolean }
  /** Wrong PIN; nothing is retried. finalTryNext: one more wrong PIN blocks the card. */
  | { ok: false; reason: 'wrong-pin'; finalTryNext: boolean; countLow: boolean; pin: PinStatus }
  /** Blocked (before or by this attempt): C_Login is not attempted on a card already flagged locked. */
  | { ok: false; reason: 'locked'; justLocked: boolean; pin: PinStatus }
  | { ok: false; reason: 'removed' | 'no-card' | 'pin-format' | 'cancelled' }
  | { ok: false; reason: 'card-error'; code: string };

export interface SignResult {
  signature: Uint8Array;
  mechanism: 'CKM_SHA256_RSA_PKCS' | 'CKM_RSA_PKCS';
  /** CKA_ID (hex) and label of the key used: always the authentication key. */
  keyId: string;
  keyLabel: string;
}

export interface CardInsertedEvent {
  slotId: SlotId;
  tokenSerial: string;
  tokenLabel: string;
  /** Identity read without PIN; a different identity than before means a different person. */
  identity: CardIdentity;
  /** Card was already there when watching started. */
  initial: boolean;
}

export interface CardRemovedEvent {
  slotId: SlotId;
  tokenSerial: string;
  /** Identity of the card that left, when it had been read. */
  identity: CardIdentity | null;
  /** A logged-in session was open on this card (it is gone now). */
  hadSession: boolean;
}

export interface CardUnrecognizedEvent {
  slotId: SlotId;
  tokenSerial: string;
  tokenLabel: string;
  reason: CardReason;
}

// ---- worker protocol ----

export interface WorkerInit {
  modulePath: string;
  reinitializeOnPoll: 'auto' | boolean;
}

export type WorkerRequest =
  | { op: 'init'; init: WorkerInit }
  | { op: 'listReaders' }
  | { op: 'readIdentity'; slotId: SlotId }
  | { op: 'pinStatus'; slotId: SlotId }
  | { op: 'login'; slotId: SlotId; pin: Uint8Array | null }
  | { op: 'sign'; slotId: SlotId; data: Uint8Array }
  | { op: 'logout'; slotId: SlotId }
  | { op: 'watch'; intervalMs: number }
  | { op: 'unwatch' }
  | { op: 'close' };

export type WorkerCall = WorkerRequest & { id: number };

export type WorkerReply =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; reason: CardReason; detail?: string };

export type WorkerEvent =
  | { kind: 'event'; type: 'inserted'; payload: CardInsertedEvent }
  | { kind: 'event'; type: 'removed'; payload: CardRemovedEvent }
  | { kind: 'event'; type: 'unrecognized'; payload: CardUnrecognizedEvent }
  | { kind: 'event'; type: 'watch-error'; payload: { reason: CardReason; detail?: string } };

export type WorkerMessage = WorkerReply | WorkerEvent;
