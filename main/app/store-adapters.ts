// The store's app tables seen through the interfaces the services use: offline rights per person and
// the append-only audit trail (who did what, when, on which BAL — never content, token or PIN).
import type { AuditEvent, AuditSink } from '../auth/audit-events';
import type { RightsRepository } from '../mailboxes/types';
import type { StoreReader } from '../store/reader';
import type { StoreWriter } from '../store/writer';

export function rightsRepository(writer: StoreWriter, reader: StoreReader): RightsRepository {
  return {
    list: (idNat) => reader.getRights(idNat).map((r) => ({ idnat: r.idnat, bal: r.bal, role: r.role, confirmedAt: r.confirmedAt })),
    replace: (idNat, rights) => writer.setRights(idNat, rights),
    anyoneHolds: (bal) => writer.anyoneHoldsRight(bal),
  };
}

/** Authentication events go to the audit table; the BAL column says "session" (no BAL involved). */
export function auditSink(writer: StoreWriter): AuditSink {
  return {
    record(e: AuditEvent) {
      writer.appendAudit({
        idnat: e.idNat ?? 'inconnu',
        bal: 'session',
        action: e.action,
        target: e.method,
        result: e.result === 'success' ? 'ok' : 'error',
        ...(e.detail ? { detail: { reason: e.detail } } : {}),
      });
    },
  };
}
