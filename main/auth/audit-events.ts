// What the auth layer records in the audit trail (functional traces: who did what, when). The store's audit
// table implements AuditSink; the session only knows this interface. Never a token, PIN or secret here.
export type AuditAction = 'login' | 'logout' | 'lock' | 'unlock' | 'login-failed' | 'refresh-failed' | 'offline-code';

/** How the person authenticated (or what triggered the event). */
export type AuditMethod = 'ciba-card' | 'ciba-mobile' | 'authorization-code' | 'resume' | 'refresh' | 'card' | 'user' | 'system' | 'local';

export interface AuditEvent {
  /** ISO 8601 time. */
  at: string;
  /** IdNat of the person, when known. */
  idNat: string | null;
  action: AuditAction;
  method: AuditMethod;
  result: 'success' | 'failure';
  /** Short, non-sensitive explanation (error code, reason). */
  detail?: string;
}

export interface AuditSink {
  record(event: AuditEvent): void | Promise<void>;
}

/** A sink that drops events (tools and tests that do not audit). */
export const NO_AUDIT: AuditSink = { record: () => {} };
