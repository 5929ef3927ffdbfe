// Conversation view benchmark (not a test): an encrypted cache with N messages in INBOX grouped in realistic
// conversations (half alone, replies spread over hours or days, some replies kept in Sent, one automated
// chain of 3,000), stored through StoreWriter; then times the thread list pages (threads-queries.ts).
//   npx tsx bench/threads-bench.ts [N=100000]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openReader, openWriter } from '../main/store/open-store';
import type { MessageInput } from '../main/store/types';

const N = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threads-bench-'));
const file = path.join(dir, 'cache.db');
const keyHex = crypto.randomBytes(32).toString('hex');

let seed = 7;
const rnd = (n: number): number => {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return (seed >>> 0) % n;
};
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

const w = openWriter(file, keyHex);
const accountId = w.upsertAccount({ address: 'cabinet.saint-roch@test.mssante.fr', type: 'CAB' });
const inbox = w.upsertFolder(accountId, { path: 'INBOX', delimiter: '/', uidvalidity: 1 }).id;
const sent = w.upsertFolder(accountId, { path: 'Sent', delimiter: '/', specialUse: '\\Sent', uidvalidity: 2 }).id;
const chain = w.upsertFolder(accountId, { path: 'Astreinte', delimiter: '/', uidvalidity: 3 }).id;

// Conversations: sizes 1 (55 %), 2–3 (25 %), 4–8 (15 %), 9–30 (5 %); replies 10 min to 3 days apart.
interface Planned { folder: number; m: Omit<MessageInput, 'uid'> }
const planned: Planned[] = [];
const start = Date.UTC(2019, 0, 1);
const span = Date.UTC(2026, 0, 1) - start;
let inInbox = 0;
for (let c = 0; inInbox < N - 3000; c++) {
  const r = rnd(100);
  const size = r < 55 ? 1 : r < 80 ? 2 + rnd(2) : r < 95 ? 4 + rnd(5) : 9 + rnd(22);
  let date = start + Math.floor((c / (N * 0.45)) * span) + rnd(3_600_000);
  const ids: string[] = [];
  for (let k = 0; k < size && inInbox < N - 3000; k++) {
    const id = `<c${c}-${k}@test.mssante.fr>`;
    const toSent = k > 0 && rnd(5) === 0;
    planned.push({
      folder: toSent ? sent : inbox,
      m: {
        messageId: id, inReplyTo: ids.at(-1) ?? null, references: ids.slice(-5),
        subject: `${k ? 'Re: ' : ''}Patient ${c}`, from: { name: `Dr ${rnd(400)}`, address: `dr${rnd(400)}@test.mssante.fr` },
        to: [{ address: 'cabinet.saint-roch@test.mssante.fr' }], date, flags: rnd(6) ? ['\\Seen'] : [],
      },
    });
    if (!toSent) inInbox++;
    ids.push(id);
    date += 600_000 + rnd(3 * 86_400_000);
  }
}
// One automated chain of 3,000 replies in INBOX, over the whole period.
for (let k = 0; k < 3000; k++) {
  planned.push({
    folder: inbox,
    m: {
      messageId: `<auto-${k}@test.mssante.fr>`, inReplyTo: k ? `<auto-${k - 1}@test.mssante.fr>` : null,
      references: k ? ['<auto-0@test.mssante.fr>', `<auto-${k - 1}@test.mssante.fr>`] : [],
      subject: 'Re: Planning des astreintes', from: { name: 'Planning', address: 'planning@ch.mssante.fr' },
      to: [{ address: 'cabinet.saint-roch@test.mssante.fr' }], date: start + Math.floor((k / 3000) * span), flags: ['\\Seen'],
    },
  });
}
// Worst case for the walk: a folder of 20,000 messages of one conversation, then 300 lone messages older.
for (let k = 0; k < 20_300; k++) {
  const lone = k < 300;
  planned.push({
    folder: chain,
    m: {
      messageId: `<x-${k}@test.mssante.fr>`, inReplyTo: lone || k === 300 ? null : `<x-${k - 1}@test.mssante.fr>`,
      references: lone || k === 300 ? [] : ['<x-300@test.mssante.fr>'], subject: lone ? `Seul ${k}` : 'Re: Garde', date: start + k * 60_000,
      from: { name: 'Garde', address: 'garde@ch.mssante.fr' }, flags: ['\\Seen'],
    },
  });
}
planned.sort((a, b) => (a.m.date ?? 0) - (b.m.date ?? 0)); // arrival order as a first sync would see it

const t = process.hrtime.bigint();
const uids = new Map<number, number>();
for (let b = 0; b < planned.length; b += 1000) {
  const per = new Map<number, MessageInput[]>();
  for (const p of planned.slice(b, b + 1000)) {
    const uid = (uids.get(p.folder) ?? 0) + 1;
    uids.set(p.folder, uid);
    per.set(p.folder, [...(per.get(p.folder) ?? []), { uid, ...p.m }]);
  }
  for (const [folder, list] of per) w.upsertMessages(folder, folder === inbox ? 1 : folder === sent ? 2 : 3, list);
}
console.log(`seeded ${planned.length} messages (${uids.get(inbox)} in INBOX) in ${(ms(t) / 1000).toFixed(1)} s`);
w.close();

const r = openReader(file, keyHex);
const time = (label: string, f: () => unknown, runs = 30): void => {
  const t0 = process.hrtime.bigint();
  f();
  const cold = ms(t0);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t1 = process.hrtime.bigint();
    f();
    samples.push(ms(t1));
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  console.log(`${label.padEnd(58)} first ${cold.toFixed(2)} ms  p50 ${p(0.5)} ms  p95 ${p(0.95)} ms`);
};

const first = r.threads.listThreads(inbox, { limit: 200 });
console.log(`INBOX first page: ${first.length} threads, sizes ${first.slice(0, 12).map((x) => x.count).join(' ')} ...`);
time('flat list, first page of 200 (for comparison)', () => r.listMessages(inbox, { limit: 201 }));
time('threads, first page of 200 (newest first)', () => r.threads.listThreads(inbox, { limit: 201 }));
time('threads, first page of 50', () => r.threads.listThreads(inbox, { limit: 51 }));
time('threads, first page of 200, oldest first', () => r.threads.listThreads(inbox, { limit: 201, sort: 'date-asc' }));
time('threads, first page of 200, unread only', () => r.threads.listThreads(inbox, { limit: 201, unreadOnly: true }));
let cursor: number | undefined;
for (let i = 0; i < 50; i++) cursor = r.threads.listThreads(inbox, { limit: 200, beforeRowid: cursor }).at(-1)?.latest.id;
time('threads, page 51 (cursor after 10,000 threads)', () => r.threads.listThreads(inbox, { limit: 201, beforeRowid: cursor }));
const big = r.threads.listThreads(inbox, { limit: 1000 }).find((x) => x.count > 1000);
if (big) time(`expand the ${big.count}-message chain`, () => r.threads.threadMessages(inbox, big.latest.id));
const some = first.find((x) => x.count > 3) ?? first[0]!;
time(`expand a ${some.count}-message conversation`, () => r.threads.threadMessages(inbox, some.latest.id));
time('worst case: 20,000 of one conversation to skip (first page)', () => r.threads.listThreads(chain, { limit: 201 }), 10);
r.close();
fs.rmSync(dir, { recursive: true, force: true });
