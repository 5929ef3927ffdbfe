// The auth layer's events (logins, logouts, locks) in the store's append-only audit table: never content, token or PIN.
import type { AuditEvent, AuditSink } from '../auth/audit-events';
import type { StoreWriter } from '../store/writer';

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
