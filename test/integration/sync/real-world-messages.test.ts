// Issue 20: the real-world corpus (test/corpus) appended to the sandbox Dovecot as written, synced by the
// real engine: every message gets a row with a positive id, its headers as written (never U+FFFD, never a
// Dovecot placeholder) and a stored body; the MIME-structure corpus (test/corpus/mime-structure.ts) keeps
// and an Outlook winmail.dat (test/corpus/tnef.ts) keep their text and their attachments as the reader must
// list them (names, types), keyed by Dovecot's part numbers.
import { afterEach, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../../main/sync/engine';
import { CORPUS } from '../../corpus/real-world';
import { STRUCTURE_CORPUS, type StructureMessage } from '../../corpus/mime-structure';
import { outlookWinmail } from '../../corpus/tnef';
import {
  account, collect, deleteFolder, passwordCredentials, runCleanups, seedFolder, serverClient, tempStore, uniqueFolder, waitFor,
} from './helpers';
import type { EngineEvent } from '../../../main/sync/types';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));

describe('real-world messages through the sync engine', () => {
  it('syncs every message of the corpus with its headers as written and a body', async () => {
    const messages: StructureMessage[] = [...Object.values(CORPUS), ...Object.values(STRUCTURE_CORPUS), outlookWinmail];
    const folder = uniqueFolder('realworld');
    const server = await serverClient();
    cleanups.push(async () => {
      await server.logout().catch(() => {});
      await deleteFolder(folder);
    });
    await seedFolder(server, folder, messages.length, (i) => messages[i]!.raw);
    const store = tempStore();
    cleanups.push(() => store.close());
    const events: EngineEvent[] = [];
    const engine = new SyncEngine(store.writer, passwordCredentials(), { pollIntervalMs: 60_000 });
    engine.on(collect(events));
    cleanups.push(() => engine.stop());
    const accountId = engine.start(account(folder));
    const f = await waitFor(() => {
      const x = store.writer.getFolderByPath(accountId, folder);
      return x && store.writer.listMessages(x.id, { limit: 100 }).length === messages.length ? x : null;
    }, 20_000, 'the corpus synced');
    await waitFor(() => store.writer.listMessages(f.id, { limit: 100 }).every((m) => m.bodyState === 'full'), 20_000, 'every body stored');
    const reader = store.reader();
    const rows = reader.listMessages(f.id, { limit: 100 });
    for (const m of messages) {
      const row = rows.find((r) => r.subject === m.subject);
      expect(row, m.subject).toBeDefined();
      expect(row!.id).toBeGreaterThan(0);
      expect(row!.from).toEqual({ name: m.fromName ?? null, address: m.fromAddress });
      const detail = reader.getMessage(row!.id)!;
      expect(JSON.stringify(detail)).not.toMatch(/\uFFFD|MISSING_/);
      const body = reader.getBody(row!.id);
      expect(body).not.toBeNull();
      if (m.bodyText) expect(`${body!.text ?? ''}${body!.html ?? ''}`).toContain(m.bodyText);
      if (m.attachments) {
        expect(detail.attachments.map((a) => ({ filename: a.filename, mime: a.mime }))).toEqual(m.attachments.map((a) => ({ filename: a.filename, mime: a.mime })));
        // Dovecot's part numbers (files unpacked from winmail.dat or from an opaque-signed S/MIME body have keys of their own).
        expect(detail.attachments.map((a) => a.part).filter((p) => !/^\d+(\.\d+)*$|^att:(tnef|smime):/.test(p)), m.subject).toEqual([]);
      }
    }
    expect(events.flatMap((e) => (e.type === 'error' ? [e.code] : []))).toEqual([]);
  });
});
