import fs from 'node:fs';
import { connectImap, CommandCounter } from '/work/main/main/sync/connection';
import { PORTS, PATHS, BALS } from '/work/main/sandbox/config';
const bal = BALS[1]!;
const counter = new CommandCounter();
const c = await connectImap(bal.address, { host: '127.0.0.1', port: PORTS.imap, security: 'starttls', servername: 'localhost', caPem: [fs.readFileSync(PATHS.caCert, 'utf8')] },
  async () => ({ user: bal.address, auth: { kind: 'password', pass: bal.password } }), { counter });
console.log([...c.capabilities.keys()].join(' '));
console.log([...(c as any).enabled]);
const list = await c.list();
console.log(list.map((f) => [f.path, f.specialUse, f.flags.size, (f as any).status]));
const mb = await c.mailboxOpen('INBOX');
console.log(mb.exists, mb.uidValidity, mb.uidNext, mb.highestModseq);
console.log(counter.byVerb);
await c.logout();
