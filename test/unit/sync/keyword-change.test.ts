// IMAP keywords ($MDNSent, RFC 3503) through the queued flag path: validated names, local cache state,
// queued payload (replayed by main/sync/replay.ts), on a real encrypted database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKeyword, normalizeKeywordChange } from '../../../main/sync/flag-mapping';
import { openWriter } from '../../../main/store/open-store';
import type { StoreWriter } from '../../../main/store/writer';

describe('keyword names', () => {
  it('accepts keyword atoms, refuses system flags and IMAP specials', () => {
    expect(isKeyword('$MDNSent')).toBe(true);
    expect(isKeyword('$Forwarded')).toBe(true);
    expect(isKeyword('\\Seen')).toBe(false);
    expect(isKeyword('a b')).toBe(false);
    expect(isKeyword('x)')).toBe(false);
    expect(isKeyword('x*')).toBe(false);
    expect(isKeyword('')).toBe(false);
    expect(isKeyword('é')).toBe(false);
    expect(isKeyword(42)).toBe(false);
  });
  it('removal wins (case-insensitive); invalid names dropped', () => {
    expect(normalizeKeywordChange(['$MDNSent', '$Label1', 'bad name'], ['$label1'])).toEqual({ add: ['$MDNSent'], remove: ['$label1'] });
    expect(normalizeKeywordChange(undefined, undefined)).toEqual({ add: [], remove: [] });
  });
});

describe('keywords in the local flag change', () => {
  let dir: string;
  let w: StoreWriter;
  let inbox: number;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-'));
    w = openWriter(path.join(dir, 'c.db'), crypto.randomBytes(32).toString('hex'));
    const accountId = w.upsertAccount({ address: 'a@test.mssante.fr', type: 'PER' });
    inbox = w.upsertFolder(accountId, { path: 'INBOX', uidvalidity: 100 }).id;
    w.upsertMessages(inbox, 100, [{ uid: 7, messageId: '<m7@x>', date: 1_700_000_000_000, flags: ['\\Seen', '$Forwarded'] }]);
  });
  afterEach(() => {
    w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds $MDNSent to the cached keywords at once and queues it for the server', () => {
    const m = w.getMessageByUid(inbox, 100, 7)!;
    const [change] = w.changeFlagsLocally([m.id], { addKeywords: ['$MDNSent'] });
    expect(w.getMessageByUid(inbox, 100, 7)!.keywords).toEqual(['$Forwarded', '$MDNSent']);
    expect(w.getMessageByUid(inbox, 100, 7)!.seen).toBe(true);
    expect(change!.kind).toBe('flags');
    expect(change!.payload).toMatchObject({ addKeywords: ['$MDNSent'] });
    // Set twice (another client or a second answer): still one keyword.
    w.changeFlagsLocally([m.id], { addKeywords: ['$mdnsent'] });
    expect(w.getMessageByUid(inbox, 100, 7)!.keywords).toEqual(['$Forwarded', '$MDNSent']);
    w.changeFlagsLocally([m.id], { removeKeywords: ['$forwarded'] });
    expect(w.getMessageByUid(inbox, 100, 7)!.keywords).toEqual(['$MDNSent']);
  });
});
