// Turns what the user typed into a safe FTS5 MATCH expression: every term becomes a quoted string (so `"`,
// `NEAR(`, `OR`, `*`, `:` and `-` are plain text, never syntax), terms are ANDed, and the last term is a
// prefix (as-you-type). Accents are handled by the tokenizer (unicode61 remove_diacritics 2).

/** The terms of the input as they are quoted (at most 16: bounded work for a pasted paragraph). */
function userTerms(input: string): string[] {
  return input
    .normalize('NFC')
    .split(/\s+/u)
    .map((t) => t.replace(/"/g, ' ').trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, 16);
}

const quote = (t: string): string => `"${t.replace(/"/g, '""')}"`;

/** Returns null when nothing searchable is left (the caller returns no results). */
export function toFtsQuery(input: string, options: { prefixLast?: boolean } = {}): string | null {
  const terms = userTerms(input);
  if (terms.length === 0) return null;
  const prefixLast = options.prefixLast ?? true;
  return terms
    .map((t, i) => {
      const quoted = quote(t);
      return prefixLast && i === terms.length - 1 && /[\p{L}\p{N}]$/u.test(t) ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/** Prefix lengths (characters) the FTS table indexes, see migration 001. */
export const FTS_PREFIX_LENGTHS = [2, 3] as const;

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

// ---- long prefixes as an OR of index terms (see fts-prefix.ts)

/**
 * Characters whose tokenization we reproduce exactly (checked against SQLite in test/unit/store):
 * separators = ASCII punctuation/controls and common typographic punctuation; token characters = ASCII
 * letters/digits and the Latin letters that decompose into an ASCII letter plus accents (é, Ç, ŷ...),
 * which unicode61 remove_diacritics 2 folds to that letter, lowercased. Anything else: keep the prefix query.
 */
const SEPARATOR = /^[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\u00a0\u00ab\u00bb\u2018\u2019\u201c\u201d\u2013\u2014\u2026]$/u;

/** Folded form of a token character (`é` -> `e`, `A` -> `a`), or null when it is not one we fold exactly. */
export function foldTokenChar(c: string): string | null {
  if (/^[a-z0-9]$/.test(c)) return c;
  if (/^[A-Z]$/.test(c)) return c.toLowerCase();
  const cp = c.codePointAt(0)!;
  if (cp < 0xc0 || cp > 0x24f || cp === 0x1e0 || cp === 0x1e1) return null; // Ǡ ǡ keep their accents in SQLite
  const m = /^([A-Za-z])\p{Mn}+$/u.exec(c.normalize('NFD'));
  return m ? m[1]!.toLowerCase() : null;
}

export const isSafeSeparator = (c: string): boolean => SEPARATOR.test(c);

/** A query whose last term ends with a prefix token that no prefix index covers. */
export interface LongPrefixQuery {
  /** Earlier terms, quoted (matched exactly). */
  exact: string[];
  /** The last term before its last token (`bob.durand@` in `bob.durand@mssante`), usually empty. */
  head: string;
  /** The last token as the tokenizer folds it: lowercase, no accents. */
  prefix: string;
  /**
   * Shorter than the shortest prefix index (one character): expanded into that index's keys (`c` ->
   * `"c" OR "ca"* OR "ch"* ...`) rather than into index terms.
   */
  short: boolean;
}

/** Number of the FTS5 prefix index (1 = first of FTS_PREFIX_LENGTHS) whose keys expand a short prefix. */
export const SHORT_PREFIX_INDEX = 1;

/**
 * The query's long final prefix, or null when the plain prefix query is used as is: prefix matching off,
 * last token short enough for a prefix index, or characters we cannot fold exactly like the tokenizer.
 */
export function longPrefixQuery(input: string, options: { prefixLast?: boolean } = {}): LongPrefixQuery | null {
  if (options.prefixLast === false) return null;
  const terms = userTerms(input);
  const last = terms[terms.length - 1];
  if (last === undefined) return null;
  const chars = [...last];
  let start = chars.length;
  let prefix = '';
  while (start > 0) {
    const folded = foldTokenChar(chars[start - 1]!);
    if (folded === null) break;
    prefix = folded + prefix;
    start--;
  }
  if (prefix.length === 0 || start === chars.length) return null; // ends with a non-token (no prefix) or unknown char
  if (start > 0 && !isSafeSeparator(chars[start - 1]!)) return null; // token boundary we cannot be sure of
  if ((FTS_PREFIX_LENGTHS as readonly number[]).includes(prefix.length)) return null; // a prefix index answers
  const short = prefix.length < FTS_PREFIX_LENGTHS[0];
  return { exact: terms.slice(0, -1).map(quote), head: chars.slice(0, start).join(''), prefix, short };
}

/**
 * The same query with the final prefix replaced by an OR of its expansions: index terms starting with the
 * prefix, or for a short prefix the token itself and the keys of the shortest prefix index that start with
 * it. Null when there is none (nothing can match). FTS5 walks an OR of exact terms (and of prefixes a
 * prefix index answers) lazily in rowid order, so `ORDER BY rowid DESC LIMIT n` stops early.
 */
export function withPrefixExpansions(q: LongPrefixQuery, expansions: readonly string[]): string | null {
  const alternatives = q.short
    ? [quote(q.head + q.prefix), ...expansions.map((k) => `${quote(q.head + k)}*`)]
    : expansions.map((t) => quote(q.head + t));
  if (alternatives.length === 0) return null;
  const last = alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`;
  return [...q.exact, last].join(' AND ');
}

// ---- messages not indexed yet (reader.withNotYetIndexed)

/** Tokens as unicode61 remove_diacritics 2 makes them, near enough: letters and digits, no accents, lowercase. */
export function tokensOf(text: string): string[] {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/**
 * The same query as toFtsQuery, as a predicate over a message's fields: every term's tokens appear in a
 * row in one field, the last token of the last term as a prefix when prefixLast. Null when nothing is
 * searchable.
 */
export function unindexedMatcher(input: string, prefixLast = true): ((fields: ReadonlyArray<string | null | undefined>) => boolean) | null {
  const terms = userTerms(input).map(tokensOf).filter((t) => t.length > 0);
  if (terms.length === 0) return null;
  const endsWithToken = /[\p{L}\p{N}]$/u.test(input.trim());
  const phraseIn = (tokens: string[], phrase: string[], prefix: boolean): boolean => {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      let ok = true;
      for (let k = 0; k < phrase.length && ok; k++) {
        const last = k === phrase.length - 1;
        ok = prefix && last ? tokens[i + k]!.startsWith(phrase[k]!) : tokens[i + k] === phrase[k];
      }
      if (ok) return true;
    }
    return false;
  };
  return (fields) => {
    const lists = fields.filter((f): f is string => !!f).map(tokensOf);
    return terms.every((phrase, i) => {
      const prefix = prefixLast && endsWithToken && i === terms.length - 1;
      return lists.some((tokens) => phraseIn(tokens, phrase, prefix));
    });
  };
}
