// Local flag names ↔ IMAP system flags (pure).
import type { FlagName } from '../store/flags';

const IMAP_OF: Record<FlagName, string> = {
  seen: '\\Seen',
  answered: '\\Answered',
  flagged: '\\Flagged',
  deleted: '\\Deleted',
  draft: '\\Draft',
};

export const FLAG_NAMES = Object.keys(IMAP_OF) as FlagName[];

export function isFlagName(x: unknown): x is FlagName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(IMAP_OF, x);
}

export function toImapFlags(names: readonly FlagName[] | undefined): string[] {
  return [...new Set(names ?? [])].map((n) => IMAP_OF[n]);
}

/** A change that adds and removes the same flag is ambiguous: the removal wins (the later intent). */
export function normalizeFlagChange(add: readonly FlagName[] = [], remove: readonly FlagName[] = []): { add: FlagName[]; remove: FlagName[] } {
  const r = new Set(remove.filter(isFlagName));
  return { add: [...new Set(add.filter((f) => isFlagName(f) && !r.has(f)))], remove: [...r] };
}

/** An IMAP keyword a client may set (RFC 3501 flag-keyword atom, e.g. $MDNSent, $Forwarded); never a system flag. */
export function isKeyword(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= 64 && !x.startsWith('\\') && /^[\x21-\x7e]+$/.test(x) && !/[(){%*"\]\\]/.test(x);
}

/** Keyword change: invalid names dropped, removal wins over an addition of the same keyword (case-insensitive). */
export function normalizeKeywordChange(add: readonly string[] = [], remove: readonly string[] = []): { add: string[]; remove: string[] } {
  const r = [...new Set(remove.filter(isKeyword))];
  const removed = new Set(r.map((k) => k.toLowerCase()));
  return { add: [...new Set(add.filter((k) => isKeyword(k) && !removed.has(k.toLowerCase())))], remove: r };
}
