import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeThreadId, parseMessageIdList } from '../../../main/store/threading';
import { makeStore, msg, seedAccount, type TestStore } from './helpers';

describe('computeThreadId (JWZ-lite)', () => {
  const none = () => undefined;
  it('uses the root reference, else In-Reply-To, else the own Message-ID', () => {
    expect(computeThreadId({ messageId: '<c>', inReplyTo: '<b>', references: ['<a>', '<b>'] }, none, 'f')).toBe('<a>');
    expect(computeThreadId({ messageId: '<c>', inReplyTo: '<b>', references: [] }, none, 'f')).toBe('<b>');
    expect(computeThreadId({ messageId: '<c>', inReplyTo: null, references: [] }, none, 'f')).toBe('<c>');
    expect(computeThreadId({ messageId: null, inReplyTo: null, references: [] }, none, 'f')).toBe('f');
  });
  it('prefers the thread of the nearest known ancestor', () => {
    const known: Record<string, string> = { '<b>': 'T-b', '<a>': 'T-a' };
    expect(computeThreadId({ messageId: '<c>', inReplyTo: '<b>', references: ['<a>', '<b>'] }, (m) => known[m], 'f')).toBe('T-b');
  });
  it('parses References headers', () => {
    expect(parseMessageIdList('<a@x>  <b@y>,<c@z>\r\n <d@w>')).toEqual(['<a@x>', '<b@y>', '<c@z>', '<d@w>']);
    expect(parseMessageIdList(undefined)).toEqual([]);
  });
});

describe('threads in the store', () => {
  let s: TestStore;
  beforeEach(() => (s = makeStore()));
  afterEach(() => s.close());

  it('groups a conversation whatever the arrival order, across folders', () => {
    const { accountId, inbox, sent } = seedAccount(s.writer);
    // Reply arrives before its parent; the sent copy of a reply lives in another folder.
    const [r2] = s.writer.upsertMessages(inbox, 1000, [msg(3, { messageId: '<r2@x>', inReplyTo: '<r1@x>', references: ['<root@x>', '<r1@x>'] })]).ids;
    const [root] = s.writer.upsertMessages(inbox, 1000, [msg(1, { messageId: '<root@x>' })]).ids;
    const [r1] = s.writer.upsertMessages(sent, 2000, [msg(2, { messageId: 'r1@x', inReplyTo: '<root@x>', references: ['<root@x>'] })]).ids;
    // A client that dropped References: In-Reply-To only, parent known → joins through the lookup.
    const [r3] = s.writer.upsertMessages(inbox, 1000, [msg(4, { messageId: '<r3@x>', inReplyTo: '<r2@x>' })]).ids;
    const other = s.writer.upsertMessages(inbox, 1000, [msg(5, { messageId: '<other@x>' })]).ids[0];
    const thread = s.reader.getThread(accountId, '<root@x>');
    expect(thread.map((m) => m.id)).toEqual([root, r1, r2, r3]);
    expect(s.reader.getMessage(other!)!.threadId).toBe('<other@x>');
    expect(s.reader.getMessage(r1!)!.messageId).toBe('<r1@x>'); // normalized with angle brackets
  });
});
