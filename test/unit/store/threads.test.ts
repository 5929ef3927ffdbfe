// Conversation view queries (main/store/threads-queries.ts) over a real encrypted store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { threadPageSql } from '../../../main/store/threads-queries';
import type { MessageInput } from '../../../main/store/types';
import { makeStore, msg, seedAccount, type TestStore } from './helpers';

let s: TestStore;
beforeEach(() => (s = makeStore()));
afterEach(() => s.close());

const reply = (uid: number, id: string, refs: string[], over: Partial<MessageInput> = {}): MessageInput =>
  msg(uid, { messageId: `<${id}@x>`, inReplyTo: refs.at(-1) ? `<${refs.at(-1)}@x>` : null, references: refs.map((r) => `<${r}@x>`), ...over });

/** INBOX: thread A (a1, a2 in INBOX, a-sent in Sent, a-trash in Trash), thread B (b1..b3), singles c and d. */
function seedThreads() {
  const { accountId, inbox, sent } = seedAccount(s.writer);
  const trash = s.writer.upsertFolder(accountId, { path: 'Trash', delimiter: '/', specialUse: '\\Trash', uidvalidity: 3000 }).id;
  const w = s.writer;
  const ids: Record<string, number> = {};
  const put = (folder: number, uv: number, name: string, m: MessageInput) => (ids[name] = w.upsertMessages(folder, uv, [m]).ids[0]!);
  put(inbox, 1000, 'a1', reply(1, 'a1', [], { flags: ['\\Seen'], from: { name: 'Dr Bob DURAND', address: 'bob@x' } }));
  put(sent, 2000, 'a-sent', reply(2, 'a-sent', ['a1'], { flags: ['\\Seen'], from: { name: 'Dr Alice MARTIN', address: 'alice@x' } }));
  put(inbox, 1000, 'c', msg(3, { flags: ['\\Seen'] }));
  put(inbox, 1000, 'b1', reply(4, 'b1', [], { flags: ['\\Seen', '\\Flagged'] }));
  put(inbox, 1000, 'a2', reply(5, 'a2', ['a1', 'a-sent'], { from: { name: 'Dr Bob DURAND', address: 'BOB@x' } }));
  put(trash, 3000, 'a-trash', reply(6, 'a-trash', ['a1', 'a-sent', 'a2']));
  put(inbox, 1000, 'b2', reply(7, 'b2', ['b1'], { flags: ['\\Seen'], from: { name: 'Dr Carole PETIT', address: 'carole@x' } }));
  put(inbox, 1000, 'd', msg(8));
  put(inbox, 1000, 'b3', reply(9, 'b3', ['b1', 'b2'], { flags: ['\\Seen'] }));
  return { accountId, inbox, sent, trash, ids };
}

describe('thread list of a folder', () => {
  it('one row per thread, newest thread first, placed and shown by its newest message in the folder', () => {
    const { inbox, ids } = seedThreads();
    const rows = s.reader.threads.listThreads(inbox);
    expect(rows.map((r) => r.latest.id)).toEqual([ids.b3, ids.d, ids.a2, ids.c]);
    const [b, d, a, c] = rows;
    expect(b).toMatchObject({ count: 3, inFolder: 3, unread: 0, flagged: 1 });
    expect(b!.participants.map((p) => p.address)).toEqual(['bob.durand@test.mssante.fr', 'carole@x']);
    expect(d).toMatchObject({ count: 1, inFolder: 1, unread: 1, flagged: 0 });
    // The reply kept in Sent belongs to the conversation; the copy in Trash does not.
    expect(a).toMatchObject({ count: 3, inFolder: 2, unread: 1 });
    expect(a!.participants).toEqual([{ name: 'Dr Bob DURAND', address: 'bob@x' }, { name: 'Dr Alice MARTIN', address: 'alice@x' }]);
    expect(c).toMatchObject({ count: 1, unread: 0 });
  });

  it('pages with the cursor of the last row, without repeating or losing a thread', () => {
    const { inbox } = seedThreads();
    const all = s.reader.threads.listThreads(inbox).map((r) => r.latest.id);
    for (const sort of ['date-desc', 'date-asc'] as const) {
      const full = s.reader.threads.listThreads(inbox, { sort }).map((r) => r.latest.id);
      const paged: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = s.reader.threads.listThreads(inbox, { sort, limit: 1, beforeRowid: before });
        if (page.length === 0) break;
        paged.push(...page.map((r) => r.latest.id));
        before = page.at(-1)!.latest.id;
      }
      expect(paged).toEqual(full);
    }
    expect(s.reader.threads.listThreads(inbox, { sort: 'date-asc' }).map((r) => r.latest.id)).toEqual([...all].reverse());
  });

  it('unread only: threads holding an unread message in the folder, placed by the newest unread one', () => {
    const { inbox, ids } = seedThreads();
    const rows = s.reader.threads.listThreads(inbox, { unreadOnly: true });
    expect(rows.map((r) => r.latest.id)).toEqual([ids.d, ids.a2]);
    expect(rows[1]).toMatchObject({ count: 3, unread: 1 });
  });

  it('expanding returns the conversation oldest first, Sent included, Trash left out', () => {
    const { inbox, trash, ids } = seedThreads();
    expect(s.reader.threads.threadMessages(inbox, ids.a2!).map((m) => m.id)).toEqual([ids.a1, ids['a-sent'], ids.a2]);
    // From Trash, its own copy is part of what is shown.
    expect(s.reader.threads.threadMessages(trash, ids['a-trash']!).map((m) => m.id)).toEqual([ids.a1, ids['a-sent'], ids.a2, ids['a-trash']]);
    expect(s.reader.threads.threadMessages(inbox, ids.c!).map((m) => m.id)).toEqual([ids.c]);
    expect(s.reader.threads.threadMessages(inbox, 42)).toEqual([]);
  });

  it('a reply arriving before its parent, and a grandchild known only by In-Reply-To, end in one thread', () => {
    const { inbox } = seedAccount(s.writer);
    const w = s.writer;
    // Grandchild first: only In-Reply-To (no References), so its thread id is its parent's Message-ID.
    const [g] = w.upsertMessages(inbox, 1000, [msg(3, { messageId: '<g@x>', inReplyTo: '<p@x>' })]).ids;
    const [p] = w.upsertMessages(inbox, 1000, [msg(2, { messageId: '<p@x>', inReplyTo: '<r@x>', references: ['<r@x>'] })]).ids;
    let rows = s.reader.threads.listThreads(inbox);
    expect(rows).toHaveLength(1); // the grandchild joined the parent's thread when the parent arrived
    expect(rows[0]).toMatchObject({ count: 2, latest: { id: g } });
    const [r] = w.upsertMessages(inbox, 1000, [msg(1, { messageId: '<r@x>' })]).ids;
    rows = s.reader.threads.listThreads(inbox);
    expect(rows.map((x) => [x.latest.id, x.count])).toEqual([[g, 3]]);
    expect(s.reader.threads.threadMessages(inbox, g!).map((m) => m.id)).toEqual([r, p, g]);
  });

  it('changes follow flags, expunge and moves (no maintained table to go stale)', () => {
    const { inbox, ids } = seedThreads();
    s.writer.changeFlagsLocally([ids.a1!, ids.a2!], { remove: ['seen'] });
    expect(s.reader.threads.listThreads(inbox).find((r) => r.latest.id === ids.a2)).toMatchObject({ unread: 2 });
    s.writer.changeFlagsLocally([ids.b3!], { add: ['flagged'] });
    expect(s.reader.threads.listThreads(inbox)[0]).toMatchObject({ flagged: 2 });
  });

  it('the page query walks the folder by date and checks each row with one index seek', () => {
    const { inbox } = seedThreads();
    const db = (s.reader as unknown as { db: { prepare(sql: string): { all(p: unknown): { detail: string }[] } } }).db;
    const explain = (o: Parameters<typeof threadPageSql>[0]) => db
      .prepare(`EXPLAIN QUERY PLAN ${threadPageSql(o)}`)
      .all({ folderId: inbox, limit: 100, cd: 0, cid: 0 })
      .map((r) => r.detail)
      .join('\n');
    for (const o of [{ asc: false, unreadOnly: false, after: false }, { asc: true, unreadOnly: true, after: true }]) {
      const plan = explain(o);
      expect(plan).toMatch(/(SCAN|SEARCH) m USING INDEX messages_folder_date/);
      expect(plan).toMatch(/SEARCH x USING INDEX messages_folder_thread \(folder_id=\? AND thread_id=\? AND date>\?\)/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });
});
