import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import crypto from 'node:crypto';
import { openWriter } from '/work/main/main/store/open-store';
import { SyncEngine } from '/work/main/main/sync/engine';
import { buildClient } from '/work/main/main/sync/connection';
import { PORTS, PATHS, BALS } from '/work/main/sandbox/config';
const bal = BALS[1]!;
const imap = { host: '127.0.0.1', port: PORTS.imap, security: 'starttls' as const, servername: 'localhost', caPem: [fs.readFileSync(PATHS.caCert, 'utf8')] };
const creds = async () => ({ user: bal.address, auth: { kind: 'password' as const, pass: bal.password } });
// seed
const c = buildClient(imap, await creds()); await c.connect();
const folder = 'smoke-' + Date.now();
await c.mailboxCreate(folder);
for (let i = 0; i < 30; i++) {
  await c.append(folder, Buffer.from(`From: a@b.fr\r\nTo: ${bal.address}\r\nSubject: Test ${i}\r\nMessage-ID: <m${i}.${folder}@test>\r\nDate: ${new Date(Date.now() - i*60000).toUTCString()}\r\n\r\nBonjour ${i}\r\n`));
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-'));
const w = openWriter(path.join(dir, 'c.db'), crypto.randomBytes(32).toString('hex'));
const e = new SyncEngine(w, creds, { connectionBudget: 4, pollIntervalMs: 2000 });
e.on((ev) => { if (ev.type !== 'messagesChanged' && ev.type !== 'progress') console.log(JSON.stringify(ev)); });
const t0 = Date.now();
const id = e.start({ address: bal.address, type: 'PER', imap, onlyFolders: ['INBOX', folder] });
await new Promise((r) => setTimeout(r, 3000));
const f = w.getFolderByPath(id, folder)!;
console.log('folder', f, w.listMessages(f.id, { limit: 100 }).length, w.listMessages(f.id).filter(m => m.bodyState === 'full').length);
console.log(e.stats());
await c.append(folder, Buffer.from(`From: a@b.fr\r\nSubject: New\r\nMessage-ID: <new.${folder}@test>\r\n\r\nHi\r\n`));
e.setActiveFolder(bal.address, f.id);
await new Promise((r) => setTimeout(r, 1500));
console.log('after append', w.listMessages(f.id, { limit: 100 }).length);
await c.mailboxOpen(folder); await c.messageFlagsAdd('1:3', ['\\Flagged']);
await new Promise((r) => setTimeout(r, 1000));
console.log('flagged', w.listMessages(f.id, { limit: 100 }).filter(m => m.flags & 4).length);
await c.mailboxDelete(folder); await c.logout();
await e.stop();
console.log('done', Date.now() - t0, e.budget.inUse);
