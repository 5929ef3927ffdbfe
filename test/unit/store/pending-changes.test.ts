import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWriter } from '../../../main/store/open-store';
import { makeStore, seedAccount, type TestStore } from './helpers';

let s: TestStore;
beforeEach(() => (s = makeStore()));
afterEach(() => s.close());

describe('pending changes queue', () => {
  it('replays in the order changes were made; failures keep their place; ack removes', () => {
    const { accountId, inbox, sent } = seedAccount(s.writer);
    const other = s.writer.upsertAccount({ address: 'bob.durand@test.mssante.fr', type: 'PER' });
    const kinds = ['flags', 'move', 'copy', 'delete', 'append'] as const;
    const made = kinds.map((kind, i) =>
      s.writer.enqueueChange({ accountId, folderId: i % 2 ? sent : inbox, uid: i + 1, uidvalidity: 1000, kind, payload: { n: i } }),
    );
    s.writer.enqueueChange({ accountId: other, kind: 'append', payload: { draft: 1 } });
    expect(s.writer.takeChanges(100, accountId).map((c) => c.kind)).toEqual(kinds);
    expect(s.writer.takeChanges(2, accountId).map((c) => c.id)).toEqual([made[0]!.id, made[1]!.id]);
    expect(s.reader.countPendingChanges()).toBe(6);

    s.writer.failChange(made[0]!.id, 'NO [TRYCREATE] x'.repeat(100));
    const head = s.writer.takeChanges(1, accountId)[0]!;
    expect(head).toMatchObject({ id: made[0]!.id, attempts: 1 });
    expect(head.lastError!.length).toBe(500);

    expect(s.writer.ackChange(made[1]!.id)).toBe(true);
    expect(s.writer.ackChange(made[1]!.id)).toBe(false);
    expect(s.writer.takeChanges(100, accountId).map((c) => c.payload.n)).toEqual([0, 2, 3, 4]);
    // Ids are never reused (AUTOINCREMENT): a new change after acks still sorts last.
    for (const c of s.writer.takeChanges(100)) s.writer.ackChange(c.id);
    const late = s.writer.enqueueChange({ accountId, kind: 'flags' });
    expect(late.id).toBeGreaterThan(made[4]!.id);
    expect(s.writer.takeChanges().map((c) => c.id)).toEqual([late.id]);
  });

  it('survives closing and reopening the database (changes are never lost)', () => {
    const { accountId } = seedAccount(s.writer);
    const c = s.writer.enqueueChange({ accountId, kind: 'delete', uid: 5, uidvalidity: 1000 });
    s.reader.close();
    s.writer.close();
    const w = openWriter(s.file, s.keyHex);
    try {
      expect(w.takeChanges()).toEqual([c]);
    } finally {
      w.close();
    }
  });
});
