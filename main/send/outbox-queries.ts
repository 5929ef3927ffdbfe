// Outbox operations StoreWriter does not offer: claiming ONE given item (the sender loop only sends the
// items queued by the person logged in). Same single writer connection as StoreWriter (cache.appWriter).
import type { Db } from '../store/db';
import { toOutbox } from '../store/rows';
import type { OutboxItem } from '../store/types';
import type { StoreWriter } from '../store/writer';

export function claimOutboxItem(writer: StoreWriter, id: number): (OutboxItem & { raw: Buffer }) | null {
  const db = (writer as unknown as { db: Db }).db;
  const r = db
    .prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'queued' RETURNING *`)
    .get(id) as Record<string, unknown> | undefined;
  return r ? { ...toOutbox(r), raw: r.raw as Buffer } : null;
}

