// The per-BAL automatic archiving policy: "archiver automatiquement les messages traités après N jours".
// Processed = seen (\Seen) and older than N days (arrival date, else Date header), in INBOX and Sent.
export interface ArchivePolicy {
  bal: string;
  days: number;
  /** What happens to the server copy once the local copy is verified. */
  serverAction: 'expunge' | 'trash';
  setBy: string;
  updatedAt: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const POLICY_MIN_DAYS = 1;
export const POLICY_MAX_DAYS = 3650;

export interface PolicyCandidate {
  id: number;
  flags: number;
  date: number;
  internaldate: number | null;
  archived: boolean;
  onServer: boolean;
  uid: number;
}

export function isPolicyFolder(f: { path: string; specialUse: string | null }): boolean {
  return f.path.toUpperCase() === 'INBOX' || f.specialUse === '\\Inbox' || f.specialUse === '\\Sent';
}

/** True when the policy archives this message now. */
export function isProcessed(m: PolicyCandidate, days: number, now: number): boolean {
  if (m.archived || !m.onServer || m.uid <= 0) return false;
  if ((m.flags & 1) === 0) return false; // not seen
  if ((m.flags & 8) !== 0) return false; // already \Deleted: another client is removing it
  const arrived = m.internaldate ?? m.date;
  return arrived <= now - days * DAY_MS;
}

export function selectForPolicy<T extends PolicyCandidate>(messages: readonly T[], days: number, now: number): T[] {
  return messages.filter((m) => isProcessed(m, days, now));
}
