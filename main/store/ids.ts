// Message ids follow the message date: id = date_ms * 1024 + n (n = 0..1023 breaks ties within one ms).
// Then "ORDER BY rowid DESC" over messages_fts is "newest first" even when old mail is back-filled after new
// mail, and a date range is a rowid range (no min(id)/max(id) lookups). Max date 8.79e12 ms (year 2248)
// keeps ids below 2^53, so they stay exact JavaScript numbers.
export const ID_SLOTS_PER_MS = 1024;
const MAX_DATE_MS = Math.floor(Number.MAX_SAFE_INTEGER / ID_SLOTS_PER_MS) - 1;

/** Clamps a date to the range ids can encode (negative/absurd dates are clamped, not rejected). The floor
 *  is 1 ms, not 0: an id is always positive (the contract refuses 0), whatever the sign of the date. */
export function clampDate(ms: number): number {
  if (!Number.isFinite(ms)) return 1;
  return Math.min(Math.max(Math.trunc(ms), 1), MAX_DATE_MS);
}

/** Before this (1971-01-01), a Date header is a reset clock or a broken client, not when the mail was written. */
const PLAUSIBLE_FROM_MS = Date.UTC(1971, 0, 1);
/** A Date header this far after the arrival is a wrong clock: sorting by it would pin the message on top. */
const FUTURE_SLACK_MS = 7 * 24 * 3600 * 1000;

/**
 * The date a message is sorted and keyed by: its Date header, or its arrival (INTERNALDATE) when the header
 * is absent or absurd (at or before 1970, or more than a week after the arrival). Always encodable in an id.
 */
export function sortDateOf(date: number | null | undefined, internaldate: number | null | undefined): number {
  const arrival = internaldate ?? null;
  const usable = date !== null && date !== undefined && Number.isFinite(date) && date >= PLAUSIBLE_FROM_MS
    && date <= MAX_DATE_MS && (arrival === null || date <= arrival + FUTURE_SLACK_MS);
  return clampDate(usable ? date : arrival ?? date ?? 1);
}

/** The Date header to keep beside the sort date when they differ (shown as sent), else null. */
export function sentDateOf(date: number | null | undefined, sortDate: number): number | null {
  return date !== null && date !== undefined && Number.isFinite(date) && date !== sortDate ? Math.trunc(date) : null;
}

/** Lowest id a message dated `ms` can get. */
export function idFloorForDate(ms: number): number {
  return clampDate(ms) * ID_SLOTS_PER_MS;
}

/** Date (ms) encoded in an id. */
export function dateOfId(id: number): number {
  return Math.floor(id / ID_SLOTS_PER_MS);
}

type OneRow = (sql: string, ...params: unknown[]) => Record<string, unknown> | undefined;

/** First free message id in the date slot of `date` (a full slot spills into the following milliseconds). */
export function freeIdForDate(one: OneRow, date: number): number {
  let base = idFloorForDate(date);
  for (;;) {
    const m = one('SELECT max(id) AS m FROM messages WHERE id BETWEEN ? AND ?', base, base + ID_SLOTS_PER_MS - 1)?.m;
    if (m === null || m === undefined) return base;
    if (Number(m) + 1 < base + ID_SLOTS_PER_MS) return Number(m) + 1;
    base += ID_SLOTS_PER_MS;
  }
}
