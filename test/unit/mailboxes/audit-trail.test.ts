// The functional audit trail: who did what, when, in which BAL; identifiers only (Message-ID, folder
// path), never subject or content; append-only; each person sees their BALs and their own sessions.
import { afterEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../main/bridge/dispatcher';
import { AuditTrail, type AuditActor } from '../../../main/audit/audit-trail';
import { withAuditTrail } from '../../../main/app/audit-handlers';
import { auditSink } from '../../../main/audit/audit-sink';
import { makeStore, type TestStore } from '../store/helpers';
import { writesOn } from '../../../main/store/app-writes';

const CLAIRE: AuditActor = { idNat: '810101234560', name: 'Claire PETIT' };
const ALICE: AuditActor = { idNat: '810001234567', name: 'Alice MARTIN' };
const CAB = 'cabinet.saint-roch@test.mssante.fr';
const BOB = 'bob.durand@test.mssante.fr';
const ctx = { sender: { kind: 'host' as const, connectionId: 't' } };

let store: TestStore;
afterEach(() => store?.close());

function setup(actor: { current: AuditActor | null }, allowed: string[] = [CAB]) {
  store = makeStore();
  let now = 1_000_000;
  const trail = new AuditTrail({
    writer: () => writesOn(store.writer),
    reader: () => store.reader,
    actor: () => actor.current,
    allowedBals: () => allowed,
    now: () => now,
    flushDelayMs: 0,
  });
  return { trail, advance: (ms: number) => (now += ms) };
}

function seedMessage(bal: string, path = 'INBOX', specialUse: string | null = null) {
  const accountId = store.writer.getAccountByAddress(bal)?.id ?? store.writer.upsertAccount({ address: bal, type: 'CAB', label: bal, config: {} });
  const folder = store.writer.upsertFolder(accountId, { path, name: path, specialUse, uidvalidity: 1 });
  const uid = Math.floor(Math.random() * 1e6) + 1;
  store.writer.upsertMessages(folder.id, 1, [
    { uid, messageId: `<m${uid}@test>`, subject: 'Résultats de Mme DUPONT', date: Date.UTC(2026, 10, 1), from: { name: 'Labo', address: 'labo@test' }, body: { text: 'Hémoglobine 9 g/dL' } },
  ]);
  const id = store.reader.listMessages(folder.id, { limit: 10 }).find((m) => m.uid === uid)!.id;
  return { id, folderId: folder.id, messageId: `<m${uid}@test>` };
}

describe('AuditTrail', () => {
  it('records who, which BAL, Message-ID and folder — never the subject or content', async () => {
    const actor = { current: CLAIRE as AuditActor | null };
    const { trail } = setup(actor);
    trail.record(CAB, 'message.delete', '<a@b>', { folder: 'INBOX' });
    await trail.flush();
    const [row] = store.reader.listAudit();
    expect(row).toMatchObject({ idnat: CLAIRE.idNat, bal: CAB, action: 'message.delete', target: '<a@b>', result: 'ok' });
    expect(row!.detail).toEqual({ who: 'Claire PETIT', folder: 'INBOX' });
    // Append-only (the store's triggers), and content keys are refused by the writer.
    expect(() => (store.writer as unknown as { db: { prepare(sql: string): { run(): unknown } } }).db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => store.writer.appendAudit({ idnat: 'x', bal: CAB, action: 'x', result: 'ok', detail: { subject: 'x' } })).toThrow();
    // Nobody logged in: nothing recorded.
    actor.current = null;
    trail.record(CAB, 'bal.open', CAB);
    await trail.flush();
    expect(store.reader.listAudit()).toHaveLength(1);
  });

  it('traces a read once per person and message within 30 minutes', async () => {
    const actor = { current: CLAIRE as AuditActor | null };
    const { trail, advance } = setup(actor);
    trail.recordRead(42, CAB, '<r@x>', 'INBOX');
    trail.recordRead(42, CAB, '<r@x>', 'INBOX');
    advance(31 * 60_000);
    trail.recordRead(42, CAB, '<r@x>', 'INBOX');
    actor.current = ALICE;
    trail.recordRead(42, CAB, '<r@x>', 'INBOX');
    await trail.flush();
    expect(store.reader.listAudit().map((e) => `${e.idnat} ${e.action} ${e.target}`)).toEqual([
      `${CLAIRE.idNat} message.read <r@x>`,
      `${CLAIRE.idNat} message.read <r@x>`,
      `${ALICE.idNat} message.read <r@x>`,
    ]);
  });

  it('shows the person their BALs (whoever acted) and their own sessions, newest first, filtered; CSV alike', async () => {
    const actor = { current: ALICE as AuditActor | null };
    const { trail } = setup(actor, [CAB]);
    trail.record(CAB, 'bal.open', CAB);
    actor.current = CLAIRE;
    trail.record(CAB, 'message.read', '<1@x>', { folder: 'INBOX' });
    trail.record(BOB, 'message.read', '<2@x>', { folder: 'INBOX' }); // a BAL Claire may not open now
    await trail.flush(); // the trail's entries are written before the logins below (one writer, in order)
    const sink = auditSink(writesOn(store.writer));
    sink.record({ at: '', idNat: CLAIRE.idNat, action: 'login', method: 'ciba-mobile', result: 'success' });
    sink.record({ at: '', idNat: ALICE.idNat, action: 'login', method: 'card', result: 'success' });

    const all = await trail.list({});
    expect(all.map((e) => `${e.name} ${e.bal} ${e.action}`)).toEqual([
      'Claire PETIT session login',
      `Claire PETIT ${CAB} message.read`,
      `Alice MARTIN ${CAB} bal.open`,
    ]);
    expect(all[1]).toMatchObject({ idNat: CLAIRE.idNat, target: '<1@x>', folder: 'INBOX', result: 'ok' });
    expect((await trail.list({ bal: 'session' })).map((e) => e.action)).toEqual(['login']);
    expect((await trail.list({ bal: CAB.toUpperCase() })).length).toBe(2);
    expect((await trail.list({ from: Date.now() + 60_000 }))).toEqual([]);
    expect((await trail.list({ limit: 1 }))).toHaveLength(1);

    const { csv, count } = await trail.csv({});
    expect(count).toBe(3);
    expect(csv).toContain('<1@x>');
    expect(csv).not.toContain('<2@x>');
    expect(csv).not.toContain(ALICE.idNat + ';session');
  });
});

describe('AuditTrail writing', () => {
  it('appends shortly after the action, in order, and before any read of the trail', async () => {
    store = makeStore();
    const trail = new AuditTrail({ writer: () => writesOn(store.writer), reader: () => store.reader, actor: () => CLAIRE, allowedBals: () => [CAB], flushDelayMs: 50 });
    trail.record(CAB, 'bal.open', null);
    trail.record(CAB, 'message.read', '<1@x>', { folder: 'INBOX' });
    expect(store.reader.listAudit()).toEqual([]);
    await new Promise((r) => setTimeout(r, 120));
    expect(store.reader.listAudit().map((e) => e.action)).toEqual(['bal.open', 'message.read']);
    trail.record(CAB, 'message.delete', '<2@x>');
    // Reading the trail writes what is pending first.
    expect((await trail.list({})).map((e) => e.action)).toEqual(['message.delete', 'message.read', 'bal.open']);
  });
});

describe('withAuditTrail (bridge calls that act on mail)', () => {
  it('traces reads, deletes, archiving, moves and sending with identifiers only', async () => {
    const actor = { current: CLAIRE as AuditActor | null };
    const { trail } = setup(actor, [CAB]);
    const a = seedMessage(CAB);
    const b = seedMessage(CAB);
    const c = seedMessage(CAB);
    const archive = store.writer.upsertFolder(store.writer.getAccountByAddress(CAB)!.id, { path: 'Archives', name: 'Archives', specialUse: '\\Archive', uidvalidity: 1 });
    const other = store.writer.upsertFolder(store.writer.getAccountByAddress(CAB)!.id, { path: 'Patients/Suivi', name: 'Suivi', uidvalidity: 1 });
    const foreign = seedMessage(BOB);
    const calls: string[] = [];
    const base = {
      'messages.get': (_c: unknown, id: number) => {
        calls.push(`get ${id}`);
        return { id } as never;
      },
      'messages.delete': (_c: unknown, { ids }: { ids: number[] }) => {
        calls.push(`delete ${ids.length}`);
        if (ids.includes(foreign.id)) throw new Error('forbidden');
        return { deleted: ids.length };
      },
      'messages.move': (_c: unknown, { ids }: { ids: number[] }) => ({ moved: ids.length }),
      'compose.send': () => ({ id: 7, bal: CAB, messageId: '<sent@x>', state: 'queued' }) as never,
    } as unknown as Handlers;
    const h = withAuditTrail(base, trail, { reader: () => store.reader, allowedBals: () => [CAB] });

    await h['messages.get'](ctx, a.id);
    await h['messages.get'](ctx, a.id);
    await h['messages.delete'](ctx, { ids: [b.id] });
    await h['messages.move'](ctx, { ids: [c.id], folderId: archive.id });
    await h['messages.move'](ctx, { ids: [a.id], folderId: other.id });
    await h['compose.send'](ctx, { bal: CAB } as never);
    await expect(h['messages.delete'](ctx, { ids: [foreign.id] })).rejects.toThrow('forbidden');

    await trail.flush();
    const rows = store.reader.listAudit();
    expect(rows.map((r) => `${r.bal} ${r.action} ${r.target} ${r.detail?.folder ?? ''} ${r.result}`)).toEqual([
      `${CAB} message.read ${a.messageId} INBOX ok`,
      `${CAB} message.delete ${b.messageId} INBOX ok`,
      `${CAB} message.archive ${c.messageId} INBOX ok`,
      `${CAB} message.move ${a.messageId} INBOX ok`,
      // A send is traced once, by the send service ('send.queue'), not here a second time.
    ]);
    expect(rows[3]!.detail).toMatchObject({ to: 'Patients/Suivi' });
    const dump = JSON.stringify(rows);
    expect(dump).not.toMatch(/DUPONT|Hémoglobine|Labo/);
    expect(calls).toEqual([`get ${a.id}`, `get ${a.id}`, 'delete 1', 'delete 1']);
  });
});
