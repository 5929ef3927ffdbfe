import { imapClient, uniqueName, rawMessage } from '../lib';
const c = await imapClient();
const l = await c.list();
console.log(l.length, l.map(x=>x.path).slice(0,30));
const f = uniqueName('x');
try { await c.mailboxCreate(f); console.log('created'); await c.append(f, rawMessage(1,f)); console.log('appended'); await c.mailboxDelete(f);} catch(e) { console.log(e.message, e.responseText, e.response); }
console.log(await c.getQuota?.('INBOX').catch(e=>String(e)));
await c.logout();
