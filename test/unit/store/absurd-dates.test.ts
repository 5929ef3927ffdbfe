// Issue 20 point 2: a Date at or before 1970 (or far ahead) never gives id 0, is shown as sent, and the
// list sorts such a message by its arrival.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Flag } from '../../../main/store/flags';
import { sortDateOf } from '../../../main/store/ids';
import { makeStore, msg, seedAccount, type TestStore } from './helpers';

let s: TestStore;
beforeEach(() => {
  s = makeStore();
});
afterEach(() => s.close());

const ARRIVAL = Date.UTC(2024, 4, 2, 9, 30);

describe('message dates outside the plausible range', () => {
  it('keys every message with a positive id, shows the Date as sent and sorts absurd ones by arrival', () => {
    const { inbox } = seedAccount(s.writer);
    const epoch = 0; // "Thu, 01 Jan 1970 00:00:00 +0000": a client whose clock was reset
    const before = Date.UTC(1969, 11, 31, 23, 0); // negative
    const future = Date.UTC(2099, 0, 1);
    const normal = Date.UTC(2024, 4, 2, 9, 0);
    const r = s.writer.upsertMessages(inbox, 1000, [
      msg(1, { date: epoch, internaldate: ARRIVAL }),
      msg(2, { date: before, internaldate: ARRIVAL + 60_000 }),
      msg(3, { date: future, internaldate: ARRIVAL + 120_000 }),
      msg(4, { date: normal, internaldate: ARRIVAL - 3600_000 }),
      msg(5, { date: epoch, internaldate: null }),
      msg(6, { date: null, internaldate: null }),
    ]);
    expect(r.ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(new Set(r.ids).size).toBe(6);
    const shown = (i: number) => s.reader.getMessage(r.ids[i]!)!.date;
    expect(shown(0)).toBe(epoch);
    expect(shown(1)).toBe(before);
    expect(shown(2)).toBe(future);
    expect(shown(3)).toBe(normal);
    // Newest first by arrival for the absurd ones: 3 (arrival +2 min), 2, 1, then 4 (its own Date, 9:00).
    const order = s.reader.listMessages(inbox, { limit: 10 }).map((m) => m.uid);
    expect(order.slice(0, 4)).toEqual([3, 2, 1, 4]);
    // Every row can be flagged and read back through its id.
    expect(s.writer.changeFlagsLocally(r.ids, { add: ['flagged'] })).toHaveLength(6);
    for (const id of r.ids) expect(s.reader.getMessage(id)!.flags & Flag.flagged).toBe(Flag.flagged);
  });

  it('falls back to the arrival only when the Date is absent or absurd', () => {
    expect(sortDateOf(Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 1, 0, 5))).toBe(Date.UTC(2020, 0, 1));
    expect(sortDateOf(Date.UTC(1995, 5, 1), Date.UTC(2020, 0, 1))).toBe(Date.UTC(1995, 5, 1));
    expect(sortDateOf(-5, Date.UTC(2020, 0, 1))).toBe(Date.UTC(2020, 0, 1));
    expect(sortDateOf(Date.UTC(2020, 0, 20), Date.UTC(2020, 0, 1))).toBe(Date.UTC(2020, 0, 1));
    expect(sortDateOf(-86_400_000, null)).toBe(1);
    expect(sortDateOf(Number.NaN, undefined)).toBe(1);
  });
});
