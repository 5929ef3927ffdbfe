// Writes the per-BAL archiving policy (an app setting, on the main process' own connection); the engine
// reads it after each sync round.
import type { Db } from '../store/db';
import type { StoreWriter } from '../store/writer';
import { POLICY_MAX_DAYS, POLICY_MIN_DAYS } from './policy';

export function setArchivePolicy(writer: StoreWriter, bal: string, policy: { days: number; serverAction: 'expunge' | 'trash' } | null, setBy: string, now = Date.now()): void {
  const db = (writer as unknown as { db: Db }).db;
  if (!policy) {
    db.prepare('DELETE FROM archive_policies WHERE bal = ?').run(bal);
    return;
  }
  if (!Number.isInteger(policy.days) || policy.days < POLICY_MIN_DAYS || policy.days > POLICY_MAX_DAYS) throw new RangeError('days out of range');
  db.prepare(
    `INSERT INTO archive_policies(bal, days, server_action, set_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(bal) DO UPDATE SET days = excluded.days, server_action = excluded.server_action, set_by = excluded.set_by, updated_at = excluded.updated_at`,
  ).run(bal, policy.days, policy.serverAction, setBy, now);
}
