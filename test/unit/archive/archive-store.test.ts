// Archive state on a real encrypted store (no server): raw stored once by hash, commit with its audit
// entry (Message-ID, never content), local-only rows, the "Archives locales" list, search, policy rows.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ArchiveReader } from '../../../main/archive/archive-reader';
import { DAY_MS, selectForPolicy } from '../../../main/archive/policy';
import { setArchivePolicy } from '../../../main/archive/policy-store';
import { ArchiveQueries } from '../../../main/sync/archive-queries';
import { makeStore, type TestStore } from '../store/helpers';

let store: TestStore | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

function setup() {
  store = makeStore();
  const w = store.writer;
  const accountId = w.upsertAccount({ address: 'logiciel.labo@test.mssante.fr', type: 'APP' });
  const folderId = w.upsertFolder(accountId, { path: 'INBOX', uidvalidity: 9 }).id;
  const now = Date.now();
  const { ids } = w.upsertMessages(folderId, 9, [
    { uid: 1, messageId: '<a@x>', subject: 'Glycémie', flags: ['\\Seen'], date: now - 40 * DAY_MS, internaldate: now - 40 * DAY_MS },
    { uid: 2, messageId: '<b@x>', subject: 'Ionogramme', flags: [], date: now - 40 * DAY_MS },
    { uid: 3, messageId: '<c@x>', subject: 'Hémogramme', flags: ['\\Seen'], date: now - 1 * DAY_MS },
  ]);
  return { w, accountId, folderId, ids, now, aq: new ArchiveQueries(w) };
}

describe('archive queries', () => {
  it('stores the raw once by hash, commits with an audit entry, then the row becomes local-only', () => {
    const { w, accountId, ids, aq } = setup();
    const raw = Buffer.from('Subject: Glycémie\r\n\r\nrésultat\r\n');
    w.storeBody(ids[0]!, { text: 'résultat', rawSize: raw.length });
    w.transaction(() => aq.storeRaw(ids[0]!, raw));
    w.transaction(() => aq.storeRaw(ids[1]!, raw)); // same bytes: one raw row
    expect(store!.reader.getSetting('x', z.unknown())).toBeUndefined();
    const s = aq.state(ids[0]!)!;
    expect(s.raw!.stored.equals(raw)).toBe(true);
    expect(s.bodyStored).toBe(true);
    expect(aq.state(ids[1]!)!.bodyStored).toBe(false);

    aq.commitArchived(ids[0]!, { actor: { idNat: '810101234560', name: 'Claire PETIT' }, bal: 'logiciel.labo@test.mssante.fr', auto: false, folder: 'INBOX', messageId: '<a@x>' });
    aq.commitArchived(ids[0]!, { actor: { idNat: '810101234560', name: 'Claire PETIT' }, bal: 'logiciel.labo@test.mssante.fr', auto: false, folder: 'INBOX', messageId: '<a@x>' });
    const audit = store!.reader.listAudit().filter((e) => e.action === 'archive');
    expect(audit).toHaveLength(1); // a replay does not trace twice
    expect(audit[0]!.target).toBe('<a@x>');
    expect(JSON.stringify(audit[0])).not.toMatch(/Glyc|résultat/);
    expect(aq.pendingServerDeletes(accountId)).toEqual([ids[0]]);

    aq.markGoneFromServer(ids[0]!);
    aq.markGoneFromServer(ids[1]!); // not archived: untouched
    expect(aq.pendingServerDeletes(accountId)).toEqual([]);
    const ar = new ArchiveReader(store!.reader);
    expect(ar.listLocal(accountId, { limit: 10 }).map((m) => m.id)).toEqual([ids[0]]);
    expect(ar.countLocal(accountId)).toBe(1);
    expect(ar.raw(ids[0]!)!.equals(raw)).toBe(true);
    // Expunge notifications of the server keep the archived row.
    w.deleteByUids(s.folderId, 9, [1]);
    expect(store!.reader.getMessage(ids[0]!)).not.toBeNull();
    // Still found by search.
    expect(store!.reader.search('glycemie', { accountId }).map((m) => m.id)).toEqual([ids[0]]);
  });

  it('policy candidates: seen, on the server, not archived; policy rows per BAL', () => {
    const { w, folderId, ids, now, aq } = setup();
    const selected = selectForPolicy(aq.policyCandidates(folderId), 30, now).map((m) => m.id);
    expect(selected).toEqual([ids[0]]);
    expect(aq.policy('logiciel.labo@test.mssante.fr')).toBeNull();
    setArchivePolicy(w, 'Logiciel.Labo@test.mssante.fr', { days: 30, serverAction: 'expunge' }, '810101234560', 5);
    expect(aq.policy('logiciel.labo@test.mssante.fr')).toMatchObject({ days: 30, serverAction: 'expunge', setBy: '810101234560' });
    expect(() => setArchivePolicy(w, 'x@y.fr', { days: 0, serverAction: 'expunge' }, 'z')).toThrow(RangeError);
    setArchivePolicy(w, 'logiciel.labo@test.mssante.fr', null, '810101234560');
    expect(aq.policy('logiciel.labo@test.mssante.fr')).toBeNull();
  });
});
