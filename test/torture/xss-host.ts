// Browser host for the XSS run: the real browser host server and the real mail handlers over a real
// encrypted cache filled with the hostile messages of xss-corpus.ts (parsed by the engine's body parser,
// stored by StoreWriter, exactly what the sync engine does). Prints {"ready", url, count} on stdout.
//   node --import tsx test/torture/xss-host.ts --profile DIR --renderer DIR --bridge FILE --remote-base URL
import crypto from 'node:crypto';
import path from 'node:path';
import { createMailHandlers, type MailEngineCommands } from '../../main/app/mail-handlers';
import { downloadsFolderFiles } from '../../main/app/mail/attachment-files';
import { EventBus } from '../../main/bridge/events';
import { type Handlers, createDispatcher } from '../../main/bridge/dispatcher';
import { UserError } from '../../main/errors';
import { startHost } from '../../main/host/server';
import { MessageFrames } from '../../main/frames/message-frames';
import { SettingsService } from '../../main/settings/settings-service';
import { openReader, openWriter } from '../../main/store/open-store';
import { parseRawMessage } from '../../main/sync/body-parser';
import type { BalSummary, SessionInfo } from '../../shared/types';
import { XSS_PAYLOADS, xssMessage } from './xss-corpus';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`missing --${name}`);
  return process.argv[i + 1]!;
};
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
  const events = new EventBus();
  const settings = new SettingsService(profile, (s) => events.emit('settings.changed', s));
  const session: SessionInfo = { idNat: '810001234567', givenName: 'Alice', familyName: 'MARTIN', profession: 'Médecin', method: 'CARD', locked: false, offline: false, since: Date.now() };
  const mailboxes: BalSummary[] = [{ address: ALICE, type: 'PER', label: 'Dr Alice MARTIN', role: 'titulaire', unread: 0, active: true, confirmedAt: Date.now() }];
  const engine: MailEngineCommands = {
    setFlags: async (_bal, ids, change) => writer.changeFlagsLocally(ids, change).length,
    move: async () => 0,
    delete: async () => 0,
    fetchBody: async () => {},
    fetchAttachment: async () => null,
    syncNow: async () => false,
  };
  const mail = createMailHandlers({
    reader: () => reader,
    engine,
    allowedBals: () => [ALICE],
    files: downloadsFolderFiles(path.join(profile, 'Téléchargements')),
    remoteImages: { allowInsecureForTests: true, timeoutMs: 3000 },
  });
  const frames = new MessageFrames();
  const base: Partial<Record<string, unknown>> = {
    'frames.open': (_c: unknown, html: string) => ({ url: frames.put(html) }),
    'app.getInfo': () => ({ name: 'Messagerie MSSanté', version: '0.0.0-xss', host: 'browser', platform: process.platform, sandboxMode: true }),
    'settings.get': () => settings.get(),
    'settings.update': (_c: unknown, patch: Parameters<SettingsService['update']>[0]) => settings.update(patch),
    'session.get': () => session,
    'connectivity.get': () => ({ online: true, since: Date.now() }),
    'mailboxes.list': () => mailboxes,
    'mailboxes.setActive': () => ({ active: ALICE }),
    'setup.accountCount': () => ({ count: 1 }),
    'cache.status': () => ({ open: true, storedIn: 'keychain', problem: null }),
    'shell.openExternal': () => ({ opened: false }),
    ...mail,
  };
  const handlers = new Proxy(base, {
    get: (target, name: string) =>
      target[name] ??
      (() => {
        throw new UserError('xss.not-available', { fr: "Non disponible dans l'hôte de test.", en: 'Not available in the test host.' });
      }),
  });
  const dispatcher = createDispatcher(handlers as unknown as Handlers, () => settings.get().language);
  const host = await startHost({ dispatcher, events, rendererDir: arg('renderer'), hostBridgeFile: arg('bridge'), frames });
  process.stdout.write(JSON.stringify({ ready: true, port: host.port, url: host.url, count: XSS_PAYLOADS.length }) + '\n');
  const stop = async () => {
    await host.close();
    reader.close();
    writer.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

void main().catch((e: unknown) => {
  process.stderr.write(`xss host failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
