// IMAP system flags as a bitmask; everything else (keywords such as $Forwarded, $MDNSent) kept as a list.
export const Flag = { seen: 1, answered: 2, flagged: 4, deleted: 8, draft: 16 } as const;
export type FlagName = keyof typeof Flag;

const SYSTEM: Record<string, number> = {
  '\\seen': Flag.seen,
  '\\answered': Flag.answered,
  '\\flagged': Flag.flagged,
  '\\deleted': Flag.deleted,
  '\\draft': Flag.draft,
};

/** Splits IMAP flags into the bitmask and the sorted, deduplicated keywords (\Recent is session-only, dropped). */
export function parseImapFlags(flags: Iterable<string>): { bits: number; keywords: string[] } {
  let bits = 0;
  const keywords = new Set<string>();
  for (const f of flags) {
    const bit = SYSTEM[f.toLowerCase()];
    if (bit !== undefined) bits |= bit;
    else if (f.toLowerCase() !== '\\recent' && f.length > 0) keywords.add(f);
  }
  return { bits, keywords: [...keywords].sort() };
}

/** The IMAP system flags for a bitmask (e.g. for a STORE command). */
export function imapFlagsOf(bits: number): string[] {
  return Object.entries(SYSTEM)
    .filter(([, b]) => (bits & b) !== 0)
    .map(([f]) => '\\' + f.charAt(1).toUpperCase() + f.slice(2));
}

export function bitsOf(names: readonly FlagName[]): number {
  return names.reduce((acc, n) => acc | Flag[n], 0);
}

/**
 * A keyword change ($MDNSent...) applied to a row's keywords_json: kept sorted, compared
 * case-insensitively as IMAP does. Returns the new JSON.
 */
export function withKeywordChange(keywordsJson: unknown, add: readonly string[], remove: readonly string[]): string {
  const removed = new Set(remove.map((k) => k.toLowerCase()));
  let current: string[] = [];
  try {
    const parsed: unknown = JSON.parse(String(keywordsJson ?? '[]'));
    if (Array.isArray(parsed)) current = parsed.filter((k): k is string => typeof k === 'string');
  } catch {
    // a damaged value is replaced
  }
  current = current.filter((k) => !removed.has(k.toLowerCase()));
  for (const k of add) if (!current.some((c) => c.toLowerCase() === k.toLowerCase())) current.push(k);
  return JSON.stringify(current.sort());
}
