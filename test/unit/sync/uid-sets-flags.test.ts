import { describe, expect, it } from 'vitest';
import { batchByWeight, difference, headerBatches, newestFirstBatches, toSequenceSet } from '../../../main/sync/uid-sets';
import { normalizeFlagChange, toImapFlags } from '../../../main/sync/flag-mapping';
import { Flag, imapFlagsOf, parseImapFlags } from '../../../main/store/flags';

describe('UID sets', () => {
  it('compresses UIDs into an IMAP sequence set', () => {
    expect(toSequenceSet([5, 1, 2, 3, 9, 12, 13, 3])).toBe('1:3,5,9,12:13');
    expect(toSequenceSet([])).toBe('');
    expect(toSequenceSet([7])).toBe('7');
    expect(toSequenceSet([0, -1, 2.5, 4])).toBe('4');
  });
  it('batches newest (highest UID) first', () => {
    expect(newestFirstBatches([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[7, 6, 5], [4, 3, 2], [1]]);
    expect(newestFirstBatches([], 10)).toEqual([]);
    expect(() => newestFirstBatches([1], 0)).toThrow(RangeError);
  });
  it('header batches: a small first batch for the first screen, then full ones', () => {
    const uids = Array.from({ length: 600 }, (_, i) => i + 1);
    const b = headerBatches(uids, 250);
    expect(b.map((x) => x.length)).toEqual([50, 250, 250, 50]);
    expect(b[0]![0]).toBe(600);
    expect(headerBatches([1, 2, 3], 250)).toEqual([[3, 2, 1]]);
    expect(headerBatches(uids, 20).map((x) => x.length)[0]).toBe(20);
  });
  it('difference and weight batching', () => {
    expect(difference([1, 2, 3, 4], new Set([2, 4]))).toEqual([1, 3]);
    expect(batchByWeight([5, 5, 5, 20, 1], (x) => x, 10)).toEqual([[5, 5], [5], [20], [1]]);
    expect(batchByWeight([1, 1, 1, 1, 1], (x) => x, 100, 2)).toEqual([[1, 1], [1, 1], [1]]);
  });
});

describe('flag mapping', () => {
  it('maps local names to IMAP system flags and back to the bitmask', () => {
    expect(toImapFlags(['seen', 'flagged', 'seen'])).toEqual(['\\Seen', '\\Flagged']);
    const { bits, keywords } = parseImapFlags(['\\Seen', '\\Answered', '\\Recent', '$Forwarded', '\\Deleted']);
    expect(bits).toBe(Flag.seen | Flag.answered | Flag.deleted);
    expect(keywords).toEqual(['$Forwarded']);
    expect(imapFlagsOf(Flag.flagged | Flag.seen).sort()).toEqual(['\\Flagged', '\\Seen']);
    for (const name of ['seen', 'answered', 'flagged', 'deleted', 'draft'] as const) {
      expect(parseImapFlags(toImapFlags([name])).bits).toBe(Flag[name]);
    }
  });
  it('a flag both added and removed is removed; unknown names dropped', () => {
    expect(normalizeFlagChange(['seen', 'flagged'], ['seen'])).toEqual({ add: ['flagged'], remove: ['seen'] });
    expect(normalizeFlagChange(['bogus' as never], [])).toEqual({ add: [], remove: [] });
  });
});
