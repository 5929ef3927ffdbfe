// Test host for the mail UI (until the lead's full pipeline is wired): the real browser host server,
// the real mail handlers over a real encrypted cache filled either from .eml files (mailparser →
// StoreWriter) or from the sandbox Dovecot by the real sync engine (--sandbox), and a small local engine
// over StoreWriter (flags/delete applied to the cache + 'messages.changed'). Control lines on stdin emit
// events ({"event": name, "payload": ...}) so tests can drive connectivity, sync progress, new mail.
//   npx tsx test/e2e/mail-fixture/host.ts --profile DIR --renderer DIR --bridge FILE (--remote-base URL | --sandbox)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BalSummary } from '../../../shared/types';
import type { MailEngineCommands } from '../../../main/mail/engine-commands';
import { openReader, openWriter } from '../../../main/store/open-store';
import type { StoreWriter } from '../../../main/store/writer';
import { SyncQueries } from '../../../main/store/sync-queries';
import { findSpecialFolder } from '../../../main/sync/special-folders';
import { announceReady, exitOnSignals, hostArg as arg, relayStdinEvents, startFixtureHost } from './browser-host';
import { ALICE, BOB, SECRETARIAT, seedStore } from './seed';

const SANDBOX_BALS = [
  { address: 'alice.martin@test.mssante.fr', type: 'PER', label: 'Dr Alice MARTIN' },
  { address: 'cabinet.saint-roch@test.mssante.fr', type: 'CAB', label: 'Cabinet médical Saint-Roch' },
] as const;

/**
 * Real messages: the sandbox operator's seeded BALs, fetched from its Dovecot by the real sync engine
 * (in-process, password login as in the engine's integration tests). The engine is stopped once the cache
 * is quiet, so UI actions stay local and never change the shared sandbox mailboxes.
 */
async function syncFromSandbox(writer: StoreWriter): Promise<void> {
  const { ensureSandboxUp } = await import('../../../sandbox/control');
  const { BALS, HOST, PATHS, PORTS } = await import('../../../sandbox/config');
  const { SyncEngine } = await import('../../../main/sync/engine');
  await ensureSandboxUp({ log: (l) => process.stderr.write(`[sandbox] ${l}\n`) });
  const caPem = [fs.readFileSync(PATHS.caCert, 'utf8')];
  const engine = new SyncEngine(
    writer,
    async (bal) => ({ user: bal, auth: { kind: 'password', pass: BALS.find((b) => b.address === bal)!.password } }),
    { pollIntervalMs: 600_000 },
  );
  let last = Date.now();
  engine.on((e) => {
    if (e.type === 'error' || e.type === 'authFailed') process.stderr.write(`[sync] ${e.type} ${e.bal ?? ''}\n`);
    last = Date.now();
  });
  for (const b of SANDBOX_BALS) {
    engine.start({ address: b.address, type: b.type, label: b.label, imap: { host: HOST, port: PORTS.imap, security: 'starttls', servername: 'localhost', caPem } });
  }
  const deadline = Date.now() + 120_000;
  const synced = () => {
    const a = writer.getAccountByAddress(SANDBOX_BALS[0].address);
    const inbox = a ? writer.getFolderByPath(a.id, 'INBOX') : null;
    return !!inbox && inbox.highestmodseq !== null && writer.listMessages(inbox.id, { limit: 1 }).length > 0;
  };
  while (Date.now() < deadline && !(synced() && Date.now() - last > 2500)) await new Promise((r) => setTimeout(r, 250));
  await engine.stop();
  if (!synced()) throw new Error('sandbox sync did not complete');
}

async function main() {
  const profile = arg('profile');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const file = path.join(profile, 'cache', 'cache.db');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const writer = openWriter(file, keyHex);
  const source = process.argv.includes('--sandbox') ? 'sandbox' : 'eml';
  if (source === 'sandbox') await syncFromSandbox(writer);
  else await seedStore(writer, path.join(profile, 'eml'), arg('remote-base'));
  const reader = openReader(file, keyHex);

  const mailboxes: BalSummary[] = source === 'sandbox'
    ? SANDBOX_BALS.map((b, i) => ({ address: b.address, type: b.type, label: b.label, role: 'titulaire', unread: 0, active: i === 0, confirmedAt: Date.now() }))
    : [
        { address: ALICE, type: 'PER', label: 'Dr Alice MARTIN', role: 'titulaire', unread: 0, active: true, confirmedAt: Date.now() },
        { address: SECRETARIAT, type: 'ORG', label: 'Secrétariat du cabinet', role: 'délégataire', unread: 0, active: false, confirmedAt: Date.now() },
      ];
  // Bob's BAL is in the same cache but not among Alice's rights (the mailboxes above): it must never show.
  void BOB;

  let emitChanged: (bal: string, folderIds: number[]) => void = () => {};
  const changed = (bal: string, ids: number[]) => {
    const folderIds = [...new Set(ids.map((id) => writer.getMessage(id)?.folderId).filter((x): x is number => !!x))];
    return () => emitChanged(bal, folderIds);
  };
  const queries = new SyncQueries(writer);
  const engine: MailEngineCommands = {
    async setFlags(bal, ids, change) {
      const emit = changed(bal, ids);
      const n = writer.changeFlagsLocally(ids, change).length;
      emit();
      return n;
    },
    // Local moves as the engine makes them (queued for a server this fixture does not have).
    async move(bal, ids, folderId) {
      const emit = changed(bal, ids);
      const n = queries.moveOrCopyLocally(ids, folderId, false).length;
      emit();
      emitChanged(bal, [folderId]);
      return n;
    },
    async copy(bal, ids, folderId) {
      const n = queries.moveOrCopyLocally(ids, folderId, true).length;
      emitChanged(bal, [folderId]);
      return n;
    },
    async specialFolder(bal, role) {
      const account = writer.getAccountByAddress(bal);
      const f = account ? findSpecialFolder(writer.listFolders(account.id), role) : null;
      if (!f) throw new Error('no such folder in the fixture');
      return f.id;
    },
    async delete(bal, ids) {
      const emit = changed(bal, ids);
      let n = 0;
      for (const id of ids) {
        const m = writer.getMessage(id);
        if (m) n += writer.deleteByUids(m.folderId, m.uidvalidity, [m.uid]);
      }
      emit();
      return n;
    },
    async fetchBody() {},
    async fetchAttachment() {
      return null;
    },
    async syncNow() {
      return false;
    },
  };

  const h = await startFixtureHost({
    profile, rendererDir: arg('renderer'), bridgeFile: arg('bridge'), reader, engine, mailboxes,
    tag: 'e2e', notAvailableFr: "Non disponible dans l'hôte de test de la lecture.",
  });
  emitChanged = (bal, folderIds) => h.events.emit('messages.changed', { bal, folderIds });
  announceReady(h);
  relayStdinEvents(h);
  exitOnSignals(h, () => {
    reader.close();
    writer.close();
  });
}

void main().catch((e: unknown) => {
  process.stderr.write(`mail e2e host failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
