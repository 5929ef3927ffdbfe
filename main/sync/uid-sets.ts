// UID list helpers (pure): IMAP sequence sets and newest-first batches.

/** Compresses UIDs into an IMAP sequence set ("1:5,9,12:13"); input in any order, duplicates allowed. */
export function toSequenceSet(uids: Iterable<number>): string {
  const sorted = [...new Set(uids)].filter((u) => Number.isInteger(u) && u > 0).sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i]!;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i]!;
    parts.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return parts.join(',');
}

/** Splits UIDs into batches of `size`, highest (newest) UIDs first; each batch sorted descending. */
export function newestFirstBatches(uids: Iterable<number>, size: number): number[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('batch size must be a positive integer');
  const desc = [...new Set(uids)].sort((a, b) => b - a);
  const out: number[][] = [];
  for (let i = 0; i < desc.length; i += size) out.push(desc.slice(i, i + size));
  return out;
}

/** Elements of `a` not in `b`. */
export function difference(a: Iterable<number>, b: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (const x of a) if (!b.has(x)) out.push(x);
  return out;
}

/** Splits items into batches whose summed weight stays under `maxWeight` (an item heavier alone gets its own batch). */
export function batchByWeight<T>(items: readonly T[], weight: (t: T) => number, maxWeight: number, maxCount = Infinity): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let sum = 0;
  for (const it of items) {
    const w = Math.max(0, weight(it));
    if (cur.length > 0 && (sum + w > maxWeight || cur.length >= maxCount)) {
      out.push(cur);
      cur = [];
      sum = 0;
    }
    cur.push(it);
    sum += w;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Header batches: a small first one (the list on screen fills fast), then `size`; newest first. */
export function headerBatches(uids: Iterable<number>, size: number, first = 50): number[][] {
  const desc = [...new Set(uids)].sort((a, b) => b - a);
  if (desc.length <= first || size <= first) return newestFirstBatches(desc, size);
  return [desc.slice(0, first), ...newestFirstBatches(desc.slice(first), size)];
}
