import { describe, expect, it } from 'vitest';
import { DAY_MS, isPolicyFolder, selectForPolicy, type PolicyCandidate } from '../../../main/archive/policy';

const now = Date.UTC(2026, 5, 1);
const m = (id: number, o: Partial<PolicyCandidate>): PolicyCandidate => ({
  id, flags: 1, date: now - 40 * DAY_MS, internaldate: null, archived: false, onServer: true, uid: id, ...o,
});

describe('archive policy selection', () => {
  it('archives seen messages older than N days only', () => {
    const list = [
      m(1, {}),                                            // seen, 40 days
      m(2, { flags: 0 }),                                  // unread
      m(3, { date: now - 10 * DAY_MS }),                   // too recent
      m(4, { date: now - 30 * DAY_MS }),                   // exactly 30 days: processed
      m(5, { flags: 1 | 4 }),                              // seen + flagged: still processed
      m(6, { archived: true }),                            // already archived
      m(7, { onServer: false }),                           // already gone
      m(8, { uid: -3 }),                                   // local move pending
      m(9, { flags: 1 | 8 }),                              // \Deleted by another client
      m(10, { date: now - 90 * DAY_MS, internaldate: now - 2 * DAY_MS }), // old Date header, arrived 2 days ago
      m(11, { date: now, internaldate: now - 31 * DAY_MS }),
    ];
    expect(selectForPolicy(list, 30, now).map((x) => x.id)).toEqual([1, 4, 5, 11]);
    expect(selectForPolicy(list, 60, now).map((x) => x.id)).toEqual([]);
  });

  it('applies to INBOX and Sent only', () => {
    expect(isPolicyFolder({ path: 'INBOX', specialUse: null })).toBe(true);
    expect(isPolicyFolder({ path: 'Inbox', specialUse: null })).toBe(true);
    expect(isPolicyFolder({ path: 'Envoyés', specialUse: '\\Sent' })).toBe(true);
    expect(isPolicyFolder({ path: 'Trash', specialUse: '\\Trash' })).toBe(false);
    expect(isPolicyFolder({ path: 'Dossiers/Patients', specialUse: null })).toBe(false);
  });
});
