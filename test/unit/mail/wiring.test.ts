// The wiring app-services.ts uses: handlers over a real store, commands into the real SyncEngine through
// mailEngineFromApi (engine not started: local changes apply to the cache and queue for the server; no IMAP
// in a unit test), engine events forwarded to the bridge bus.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract';
import { downloadsFolderFiles } from '../../../main/mail/attachment-files';
import { bridgeEventsFromEngine, folderIdsFromReader, mailEngineFromApi, type MailEngineApi } from '../../../main/mail/engine-adapter';
import { createMailHandlers } from '../../../main/app/mail-handlers';
import type { CallContext } from '../../../main/bridge/dispatcher';
import { EventBus } from '../../../main/bridge/events';
import { SyncEngine } from '../../../main/sync/engine';
import { type TestStore, makeStore, msg, seedAccount } from '../store/helpers';

const ctx: CallContext = { sender: { kind: 'host', connectionId: 't' } };
const ALICE = 'alice.martin@test.mssante.fr';

function asApi(engine: SyncEngine): MailEngineApi {
  return {
    start: async (a) => engine.start(a),
    stop: (bal) => engine.stop(bal),
    setActiveFolder: async (bal, id) => engine.setActiveFolder(bal, id),
    syncNow: async (bal) => engine.syncNow(bal),
    applyChange: async (c) => engine.applyChange(c),
    specialFolder: (bal, role) => engine.specialFolder(bal, role),
    fetchBody: (id) => engine.fetchBody(id),
    fetchAttachment: (id, part) => engine.fetchAttachment(id, part),
    connectivity: async (bal) => engine.connectivity(bal),
    stats: async () => engine.stats(),
    archive: (ids, o) => engine.archive(ids, o), // ---- Archive & export
    ensureRaw: (ids) => engine.ensureRaw(ids), // ---- Archive & export
  };
}

describe('wireMail', () => {
  let store: TestStore;
  let running: MailEngineApi | null;
  let bus: EventBus;
  let seen: Array<{ name: EventName; payload: unknown }>;
  let ids: ReturnType<typeof seedAccount>;

  beforeEach(() => {
    store = makeStore();
    ids = seedAccount(store.writer, ALICE);
    store.writer.upsertMessages(ids.inbox, 1000, [msg(1), msg(2)]);
    running = asApi(new SyncEngine(store.writer, async () => ({ user: ALICE, auth: { kind: 'password', pass: 'x' } })));
    bus = new EventBus();
    seen = [];
    bus.subscribeAll((name, payload) => seen.push({ name, payload }));
  });
  afterEach(() => store.close());

  const wire = () => {
    const handlers = createMailHandlers({
      reader: () => store.reader,
      engine: mailEngineFromApi(running!, () => store.reader),
      allowedBals: () => [ALICE],
      files: downloadsFolderFiles(store.dir),
    });
    const forwardEngineEvent = (e: Parameters<typeof bridgeEventsFromEngine>[0]) => {
      for (const ev of bridgeEventsFromEngine(e, (ids) => folderIdsFromReader(store.reader, ids))) {
        (bus.emit as (name: string, payload: unknown) => void)(ev.name, ev.payload);
      }
    };
    return { handlers, forwardEngineEvent };
  };

  it('marks read through the engine: cache updated and the change queued for the server', async () => {
    const { handlers } = wire();
    const [first] = (await handlers['messages.list'](ctx, { folderId: ids.inbox, limit: 10, sort: 'date-desc' })).items;
    expect(first!.seen).toBe(false);
    expect(await handlers['messages.setFlags'](ctx, { ids: [first!.id], add: ['seen'] })).toEqual({ changed: 1 });
    expect((await handlers['messages.get'](ctx, first!.id)).seen).toBe(true);
    expect(store.reader.peekChanges().map((c) => [c.kind, c.payload])).toEqual([['flags', { add: ['seen'], remove: [] }]]);
  });

  it('fetching an attachment the engine cannot get reports it as unavailable (not started = offline)', async () => {
    const { handlers } = wire();
    const [first] = (await handlers['messages.list'](ctx, { folderId: ids.inbox, limit: 10, sort: 'date-desc' })).items;
    store.writer.storeBody(first!.id, { text: 'pj' }, [{ part: '2', sha256: 'e'.repeat(64), size: 10, mime: 'application/pdf', filename: 'cr.pdf' }]);
    const att = store.reader.getMessage(first!.id)!.attachments[0]!;
    await expect(Promise.resolve().then(() => handlers['attachments.preview'](ctx, { messageId: first!.id, attachmentId: att.attachmentId }))).rejects.toMatchObject({
      code: 'mail.attachment-unavailable',
    });
    expect(await handlers['sync.now'](ctx, {})).toEqual({ started: true });
  });

  it('forwards engine events to the bridge bus', () => {
    const { forwardEngineEvent } = wire();
    forwardEngineEvent({ type: 'newMail', bal: ALICE, folderId: ids.inbox, count: 2 });
    forwardEngineEvent({ type: 'messagesChanged', bal: ALICE, folderId: null, ids: store.reader.listMessages(ids.inbox).map((m) => m.id) });
    expect(seen).toEqual([
      { name: 'mail.new', payload: { bal: ALICE, count: 2 } },
      { name: 'messages.changed', payload: { bal: ALICE, folderIds: [ids.inbox] } },
    ]);
  });
});
