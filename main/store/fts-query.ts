// Turns what the user typed into a safe FTS5 MATCH expression: every term becomes a quoted string (so `"`,
// `NEAR(`, `OR`, `*`, `:` and `-` are plain text, never syntax), terms are ANDed, and the last term is a
// prefix (as-you-type). Accents are handled by the tokenizer (unicode61 remove_diacritics 2).

/** Returns null when nothing searchable is left (the caller returns no results). */
export function toFtsQuery(input: string, options: { prefixLast?: boolean } = {}): string | null {
  const terms = input
    .normalize('NFC')
    .split(/\s+/u)
    .map((t) => t.replace(/"/g, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, 16); // bounded work for a pasted paragraph
  if (terms.length === 0) return null;
  const prefixLast = options.prefixLast ?? true;
  return terms
    .map((t, i) => {
      const quoted = `"${t}"`;
      return prefixLast && i === terms.length - 1 && /[\p{L}\p{N}]$/u.test(t) ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/** Prefix lengths (characters) the FTS table indexes, see migration 001. */
export const FTS_PREFIX_LENGTHS = [2, 3, 4, 5, 6] as const;

/**
 * True when the query ends with a prefix term that no prefix index covers: FTS5 then builds the whole
 * merged doclist of that prefix on every evaluation (cheap once, expensive per row).
 */
export function hasUnindexedPrefix(match: string): boolean {
  const m = /"([^"]*)"\*$/u.exec(match);
  if (!m) return false;
  const len = [...m[1]!.normalize('NFD').replace(/\p{M}/gu, '')].length;
  return !(FTS_PREFIX_LENGTHS as readonly number[]).includes(len);
}
