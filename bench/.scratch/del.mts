import { plainImapClient } from '/work/main/sandbox/control';
const c = await plainImapClient('logiciel.labo@test.mssante.fr');
console.log((await c.list()).map(f => f.path));
await c.mailboxDelete('bench-sync-2000').catch((e) => console.log('x', e.message));
await c.logout();
