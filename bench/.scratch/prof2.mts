import fs from 'node:fs';
import { buildClient } from '/work/main/main/sync/connection';
import { PORTS, PATHS, BALS } from '/work/main/sandbox/config';
const bal = BALS.find(b => b.type === 'APP')!;
const imap = { host: '127.0.0.1', port: PORTS.imap, security: 'starttls' as const, servername: 'localhost', caPem: [fs.readFileSync(PATHS.caCert, 'utf8')] };
const c = buildClient(imap, { user: bal.address, auth: { kind: 'password', pass: bal.password } });
await c.connect(); await c.mailboxOpen('bench-sync-2000');
const variants: Record<string, any> = {
  bodystructure: { uid: true, bodyStructure: true },
  envelope: { uid: true, envelope: true },
  headers: { uid: true, headers: ['references', 'in-reply-to', 'x-mss-nil', 'content-type'] },
  flagsetc: { uid: true, flags: true, internalDate: true, size: true },
};
for (let r = 0; r < 2; r++) for (const [k, q] of Object.entries(variants)) {
  const t = performance.now(); const cpu = process.cpuUsage();
  await c.fetchAll('1:2000', q, { uid: true });
  const u = process.cpuUsage(cpu);
  console.log(k, Math.round(performance.now() - t), 'ms wall', Math.round((u.user + u.system) / 1000), 'ms cpu');
}
await c.logout();
