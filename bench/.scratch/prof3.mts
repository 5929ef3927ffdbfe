import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'; import crypto from 'node:crypto';
import { buildClient } from '/work/main/main/sync/connection';
import { parseRawMessage } from '/work/main/main/sync/body-parser';
import { HEADER_QUERY, toMessageInput } from '/work/main/main/sync/message-mapper';
import { openWriter } from '/work/main/main/store/open-store';
import { PORTS, PATHS, BALS } from '/work/main/sandbox/config';
const bal = BALS.find(b => b.type === 'APP')!;
const imap = { host: '127.0.0.1', port: PORTS.imap, security: 'starttls' as const, servername: 'localhost', caPem: [fs.readFileSync(PATHS.caCert, 'utf8')] };
const c = buildClient(imap, { user: bal.address, auth: { kind: 'password', pass: bal.password } });
await c.connect(); await c.mailboxOpen('bench-sync-20000');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p-')); const w = openWriter(path.join(dir, 'c.db'), crypto.randomBytes(32).toString('hex'));
const acc = w.upsertAccount({ address: bal.address, type: 'APP' }); const f = w.upsertFolder(acc, { path: 'x', uidvalidity: 1 }).id;
let tFetch = 0, tMap = 0, tUpsert = 0, tParse = 0, tBody = 0;
const N = 3000;
for (let i = 1; i <= N; i += 250) {
  let t = performance.now();
  const msgs = await c.fetchAll(`${i}:${i + 249}`, HEADER_QUERY as any);
  tFetch += performance.now() - t; t = performance.now();
  const inputs = msgs.map(toMessageInput); tMap += performance.now() - t; t = performance.now();
  w.upsertMessages(f, 1, inputs); tUpsert += performance.now() - t;
}
console.log('headers', N, { tFetch: Math.round(tFetch), tMap: Math.round(tMap), tUpsert: Math.round(tUpsert) });
let tF2 = 0;
for (let i = 1; i <= N; i += 100) {
  let t = performance.now();
  const msgs = await c.fetchAll(`${i}:${i + 99}`, { uid: true, source: true, bodyStructure: true });
  tF2 += performance.now() - t;
  const ps: any[] = [];
  for (const m of msgs) {
    t = performance.now(); const p = await parseRawMessage(m.source!, m.bodyStructure); tParse += performance.now() - t;
    ps.push([w.getMessageByUid(f, 1, m.uid)!.id, p]);
  }
  t = performance.now();
  w.transaction(() => { for (const [id, p] of ps) w.storeBody(id, { text: p.text, html: p.html, rawSize: p.rawSize }, p.attachments); });
  tBody += performance.now() - t;
}
console.log('bodies', N, { fetch: Math.round(tF2), parse: Math.round(tParse), storeBody: Math.round(tBody) });
await c.logout(); w.close();
