// What the outbox table does not hold, kept next to it in the encrypted store (tables outbox_meta and
// outbox_recipients, migration 009): who sent it (IdNat + name), subject and recipients for the outbox
// view, what was asked (DSN, read receipt) and the per-recipient delivery/read status. Read here on main's
// read-only handle; written by the cache's single writer (main/store/app-writes.ts).
import type { RecipientStatus } from '../../shared/types';
import type { StoreReader } from '../store/reader';
import { SendReads, type OutboxMeta } from '../store/send-queries';

export type { OutboxMeta, RecipientState } from '../store/send-queries';

const reads = new WeakMap<StoreReader, SendReads>();

/** The sending side's queries on this connection (statements prepared once per connection). */
export function sendReads(reader: StoreReader): SendReads {
  let q = reads.get(reader);
  if (!q) reads.set(reader, (q = new SendReads(reader)));
  return q;
}

export function readMeta(reader: StoreReader, messageIdOrEnvelopeId: string): OutboxMeta | null {
  return sendReads(reader).outboxMeta(messageIdOrEnvelopeId);
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
