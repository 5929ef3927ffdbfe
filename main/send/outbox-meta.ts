// What the outbox table does not hold, kept next to it in the encrypted store (settings table, one JSON
// value per item, key `send.item:<envelope id>`): who sent it (IdNat + name), subject and recipients for
// the outbox view, what was asked (DSN, read receipt) and the per-recipient delivery/read status.
import type { RecipientStatus } from '../../shared/types';
import type { StoreReader } from '../store/reader';
import type { StoreWriter } from '../store/writer';
import { envelopeIdOf } from './build-message';

export interface RecipientState {
  address: string;
  status: RecipientStatus;
  detail: string | null;
  at: number | null;
}

export interface OutboxMeta {
  v: 1;
  kind: 'message' | 'mdn';
  messageId: string;
  envelopeId: string;
  bal: string;
  subject: string;
  to: string[];
  cc: string[];
  bcc: string[];
  sentBy: { idNat: string; name: string } | null;
  requestDsn: boolean;
  requestReadReceipt: boolean;
  /** Lower-cased address → state. */
  recipients: Record<string, RecipientState>;
  /** For an MDN: the cache id of the message it answers. */
  answersMessageId?: number;
  /** Last time an SMTP attempt started (recovery grace). */
  lastAttemptAt?: number;
}

const key = (envelopeId: string) => `send.item:${envelopeId}`;

export function readMeta(reader: StoreReader, messageIdOrEnvelopeId: string): OutboxMeta | null {
  const envelopeId = messageIdOrEnvelopeId.includes('@') ? envelopeIdOf(messageIdOrEnvelopeId) : messageIdOrEnvelopeId;
  return reader.getSetting<OutboxMeta>(key(envelopeId)) ?? null;
}

export function writeMeta(writer: StoreWriter, meta: OutboxMeta): void {
  writer.setSetting(key(meta.envelopeId), meta);
}

const RANK: Record<RecipientStatus, number> = { pending: 0, delayed: 1, delivered: 2, read: 3, failed: 4 };

/** Applies a report to one recipient: a later, stronger status wins (failed and read are final). */
export function applyStatus(meta: OutboxMeta, address: string, status: RecipientStatus, detail: string | null, at: number): boolean {
  const k = address.toLowerCase();
  const current = meta.recipients[k];
  if (!current) {
    // A report about an address we did not send to (alias rewriting...): kept, but never invented as a recipient of note.
    meta.recipients[k] = { address, status, detail, at };
    return true;
  }
  if (current.status === status && current.detail === detail) return false;
  if (current.status === 'failed') return false;
  if (status !== 'failed' && RANK[status] < RANK[current.status]) return false;
  meta.recipients[k] = { ...current, status, detail, at };
  return true;
}
