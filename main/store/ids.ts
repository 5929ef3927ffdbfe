// Message ids follow the message date: id = date_ms * 1024 + n (n = 0..1023 breaks ties within one ms).
// Then "ORDER BY rowid DESC" over messages_fts is "newest first" even when old mail is back-filled after new
// mail, and a date range is a rowid range (no min(id)/max(id) lookups). Max date 8.79e12 ms (year 2248)
// keeps ids below 2^53, so they stay exact JavaScript numbers.
export const ID_SLOTS_PER_MS = 1024;
const MAX_DATE_MS = Math.floor(Number.MAX_SAFE_INTEGER / ID_SLOTS_PER_MS) - 1;

/** Clamps a date to the range ids can encode (negative/absurd dates are clamped, not rejected). */
export function clampDate(ms: number): number {
  if (!Number.isFinite(ms)) return 0;
  return Math.min(Math.max(Math.trunc(ms), 0), MAX_DATE_MS);
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
