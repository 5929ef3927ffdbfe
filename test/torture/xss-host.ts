// Browser host for the XSS run: the real browser host server and the real mail handlers over a real
// encrypted cache filled with the hostile messages of xss-corpus.ts (parsed by the engine's body parser,
// stored by StoreWriter, exactly what the sync engine does). Prints {"ready", url, count} on stdout.
//   node --import tsx test/torture/xss-host.ts --profile DIR --renderer DIR --bridge FILE --remote-base URL
import crypto from 'node:crypto';
import path from 'node:path';
import type { MailEngineCommands } from '../../main/mail/engine-commands';
import { openReader, openWriter } from '../../main/store/open-store';
import { parseRawMessage } from '../../main/sync/body-parser';
import { announceReady, exitOnSignals, hostArg as arg, startFixtureHost } from '../e2e/mail-fixture/browser-host';
import { XSS_PAYLOADS, xssMessage } from './xss-corpus';

const ALICE = 'alice.martin@test.mssante.fr';

async function main(): Promise<void> {
  const profile = arg('profile');
  const remote = arg('remote-base');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const file = path.join(profile, 'cache', 'cache.db');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const writer = openWriter(file, keyHex);
  const accountId = writer.upsertAccount({ address: ALICE, type: 'PER', label: 'Dr Alice MARTIN' });
  const inbox = writer.upsertFolder(accountId, { path: 'INBOX', delimiter: '/', specialUse: null, uidvalidity: 1 }).id;
  let i = 0;
  for (const [name, payload] of XSS_PAYLOADS) {
    i++;
    const raw = xssMessage(name, payload, remote, i);
    const p = await parseRawMessage(raw);
    const [id] = writer.upsertMessages(inbox, 1, [{
      uid: i, messageId: `<xss${i}@evil.example>`, subject: `XSS ${String(i).padStart(2, '0')} ${name}`,
      from: { name: 'Attaquant', address: 'attaquant@evil.example' }, to: [{ name: null, address: ALICE }],
      date: Date.UTC(2026, 0, 1, 8, i), size: raw.length, flags: ['\\Seen'],
    }]).ids;
    writer.storeBody(id!, { text: p.text, html: p.html, rawSize: p.rawSize }, p.attachments);
  }
  const reader = openReader(file, keyHex);
  const engine: MailEngineCommands = {
    setFlags: async (_bal, ids, change) => writer.changeFlagsLocally(ids, change).length,
    move: async () => 0,
    copy: async () => 0,
    delete: async () => 0,
    specialFolder: async () => {
      throw new Error('not available in this host');
    },
    fetchBody: async () => {},
    fetchAttachment: async () => null,
    syncNow: async () => false,
  };
  const h = await startFixtureHost({
    profile, rendererDir: arg('renderer'), bridgeFile: arg('bridge'), reader, engine,
    mailboxes: [{ address: ALICE, type: 'PER', label: 'Dr Alice MARTIN', role: 'titulaire', unread: 0, active: true, confirmedAt: Date.now() }],
    tag: 'xss', notAvailableFr: "Non disponible dans l'hôte de test.",
  });
  announceReady(h, { count: XSS_PAYLOADS.length });
  exitOnSignals(h, () => {
    reader.close();
    writer.close();
  });
}

void main().catch((e: unknown) => {
  process.stderr.write(`xss host failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
