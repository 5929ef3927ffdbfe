// The auth layer's events (logins, logouts, locks) in the store's append-only audit table: never content, token or PIN.
import type { AuditEvent, AuditSink } from '../auth/audit-events';
import type { CacheWrites } from '../store/app-writes';
import { errorFields, log } from '../log';

/** Authentication events go to the audit table; the BAL column says "session" (no BAL involved). */
export function auditSink(writer: CacheWrites): AuditSink {
  return {
    record(e: AuditEvent) {
      // A message to the single writer: the auth layer never waits for it (a failure is logged, no content).
      void writer.appendAudit({
        idnat: e.idNat ?? 'inconnu',
        bal: 'session',
        action: e.action,
        target: e.method,
        result: e.result === 'success' ? 'ok' : 'error',
        ...(e.detail ? { detail: { reason: e.detail } } : {}),
      }).catch((err: unknown) => log.warn('audit.append-failed', { action: e.action, ...errorFields(err) }));
    },
  };
}
