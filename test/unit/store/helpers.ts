import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IndexQueries } from '../../../main/store/index-queries';
import { openReader, openWriter } from '../../../main/store/open-store';
import type { StoreReader } from '../../../main/store/reader';
import type { StoreWriter } from '../../../main/store/writer';
import type { MessageInput } from '../../../main/store/types';

export function tempDir(prefix = 'store-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestStore {
  dir: string;
  file: string;
  keyHex: string;
  writer: StoreWriter;
  reader: StoreReader;
  /** Runs the full-text indexing that the index worker does in the app (migration 010); returns how many. */
  index(): number;
  close(): void;
}

/** A real encrypted store on disk, with a random key (the keychain path is tested separately). */
export function makeStore(): TestStore {
  const dir = tempDir();
  const file = path.join(dir, 'cache.db');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const writer = openWriter(file, keyHex);
  const reader = openReader(file, keyHex);
  return {
    dir, file, keyHex, writer, reader,
    index: () => new IndexQueries(writer).indexAllReady(),
    close() {
      reader.close();
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One account with INBOX and Sent; returns their ids. */
export function seedAccount(w: StoreWriter, address = 'alice.martin@test.mssante.fr') {
  const accountId = w.upsertAccount({ address, type: 'PER', label: 'Dr Alice MARTIN' });
  const inbox = w.upsertFolder(accountId, { path: 'INBOX', delimiter: '/', uidvalidity: 1000 }).id;
  const sent = w.upsertFolder(accountId, { path: 'Sent', delimiter: '/', specialUse: '\\Sent', uidvalidity: 2000 }).id;
  return { accountId, inbox, sent };
}

const BASE = Date.UTC(2026, 0, 1);
export function msg(uid: number, over: Partial<MessageInput> = {}): MessageInput {
  return {
    uid,
    messageId: `<m${uid}@test.mssante.fr>`,
    subject: `Message ${uid}`,
    from: { name: 'Dr Bob DURAND', address: 'bob.durand@test.mssante.fr' },
    to: [{ name: 'Dr Alice MARTIN', address: 'alice.martin@test.mssante.fr' }],
    date: BASE + uid * 60_000,
    flags: [],
    ...over,
  };
}
