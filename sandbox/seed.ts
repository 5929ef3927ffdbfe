// Seeds the sandbox BALs with a deterministic French corpus (IMAP APPEND with PLAIN login), and
// generates very large mailboxes fast for benchmarks (Maildir files written directly + force-resync).
//   npx tsx sandbox/seed.ts                      reset every BAL to the seed state
//   npx tsx sandbox/seed.ts --large <bal> <count> [--folder <name>] [--small]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { BALS, DOMAIN, HOST, PATHS, PORTS } from './config';
import { generateBalSeed, SEED_FOLDERS, USER_FOLDERS } from './seed/corpus';
import { realisticLargeMessage } from './seed/large-corpus';
import { buildMessage } from './seed/mime';
import { Prng } from './seed/prng';
import { doveadm } from './mail/dovecot';
import { run } from './util/exec';

type Log = (line: string) => void;

async function connect(address: string): Promise<ImapFlow> {
  const bal = BALS.find((b) => b.address === address);
  if (!bal) throw new Error(`unknown BAL ${address}`);
  const client = new ImapFlow({
    host: HOST,
    port: PORTS.imap,
    secure: false,
    doSTARTTLS: true,
    auth: { user: bal.address, pass: bal.password },
    logger: false,
    tls: { ca: [fs.readFileSync(PATHS.caCert)], servername: `imap.${DOMAIN}` },
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Removes every message and user folder of a BAL (special-use folders stay, empty). */
export async function resetBal(address: string): Promise<void> {
  const client = await connect(address);
  try {
    for (const box of await client.list()) {
      if (box.specialUse || box.path === 'INBOX') {
        const lock = await client.getMailboxLock(box.path);
        try {
          if (client.mailbox && client.mailbox.exists > 0) await client.messageDelete('1:*');
        } finally {
          lock.release();
        }
      }
    }
    const boxes = (await client.list()).filter((b) => !b.specialUse && b.path !== 'INBOX').sort((a, b) => b.path.length - a.path.length);
    for (const b of boxes) await client.mailboxDelete(b.path).catch(() => undefined);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

export async function seedBal(address: string, log: Log = () => {}): Promise<Record<string, number>> {
  const bal = BALS.find((b) => b.address === address)!;
  const messages = generateBalSeed(bal);
  const client = await connect(address);
  const counts: Record<string, number> = {};
  try {
    const existing = new Set((await client.list()).map((b) => b.path));
    for (const f of SEED_FOLDERS) {
      if (!existing.has(f)) {
        await client.mailboxCreate(f);
        await client.mailboxSubscribe(f).catch(() => undefined);
      }
    }
    for (const m of messages) {
      await client.append(m.folder, m.raw, m.flags, m.date);
      counts[m.folder] = (counts[m.folder] ?? 0) + 1;
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
  log(`seeded ${address}: ${messages.length} messages ${JSON.stringify(counts)}`);
  return counts;
}

/** Resets then seeds every BAL (in parallel, one IMAP connection each). */
export async function seedAll(opts: { log?: Log; reset?: boolean } = {}): Promise<Record<string, Record<string, number>>> {
  const log = opts.log ?? (() => {});
  const result: Record<string, Record<string, number>> = {};
  await Promise.all(
    BALS.map(async (b) => {
      if (opts.reset) await resetBal(b.address);
      result[b.address] = await seedBal(b.address, log);
    }),
  );
  return result;
}

// ---------- large mailboxes for benchmarks ----------

const LARGE_SUBJECTS = ['Compte rendu de consultation', 'Résultats d’analyses', 'Demande de rendez-vous', 'Lettre de liaison', 'Avis spécialisé', 'Renouvellement d’ordonnance', 'Transmission infirmière', 'Compte rendu d’imagerie'];
const LARGE_NAMES = ['DUPONT Marie', 'MARTIN Jean', 'BERNARD Léa', 'PETIT Hugo', 'ROBERT Chloé', 'RICHARD Théo', 'DURAND Inès', 'MOREAU Lucas', 'LAURENT Manon', 'SIMON Éric'];
const LARGE_PEERS = ['jean.lefebvre@medecin.mssante.fr', 'cardiologie@chu-exemple.mssante.fr', 'resultats@labo-biosante.mssante.fr', 'imagerie.parc@radiologie.mssante.fr', 'ide.lilas@infirmier.mssante.fr'];

/**
 * Writes `count` messages straight into the BAL's Maildir folder, then lets Dovecot rebuild its
 * indexes (doveadm force-resync). `realistic`: mail sized like a practice's (seed/large-corpus.ts, ~30 KB
 * text + HTML, 5 % PDFs, threads, XDM; ~1 GB per 20k); otherwise one-line messages (100k take seconds).
 */
export async function seedLarge(address: string, count: number, opts: { folder?: string; log?: Log; realistic?: boolean } = {}): Promise<{ folder: string; written: number; ms: number; bytes: number }> {
  const log = opts.log ?? (() => {});
  const folder = opts.folder ?? 'INBOX';
  const t0 = Date.now();
  await doveadm(['mailbox', 'create', '-u', address, folder]).catch(() => undefined);
  const { stdout } = await doveadm(['mailbox', 'path', '-u', address, folder]);
  const dir = stdout.trim().split('\n').pop()!.trim();
  if (!dir || !fs.existsSync(dir)) throw new Error(`Maildir of ${address}/${folder} not found (${dir})`);
  const cur = path.join(dir, 'cur');
  fs.mkdirSync(cur, { recursive: true });
  const rng = new Prng(`large:${address}:${folder}`);
  const now = Date.now();
  const span = 3 * 365 * 86400_000;
  const runId = `${process.pid}x${now.toString(36)}`;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    if (opts.realistic) {
      const m = realisticLargeMessage(address, folder, i, count, runId, now);
      const file = path.join(cur, `${Math.floor(m.date.getTime() / 1000)}.M${i}P${runId}.seed,S=${m.raw.length}:2,${m.flagged ? 'F' : ''}${m.seen ? 'S' : ''}`);
      fs.writeFileSync(file, m.raw);
      bytes += m.raw.length;
      const t = m.date.getTime() / 1000;
      fs.utimesSync(file, t, t);
      if (i > 0 && i % 5000 === 0) log(`  ${i} written`);
      continue;
    }
    const date = new Date(now - span + Math.floor((i / count) * span) + rng.int(0, 3600_000));
    const name = rng.pick(LARGE_NAMES);
    const peer = rng.pick(LARGE_PEERS);
    const raw = buildMessage({
      from: { address: peer },
      to: [{ address }],
      subject: `${rng.pick(LARGE_SUBJECTS)} – ${name} (${i + 1})`,
      date,
      messageId: `large-${i + 1}.${runId}@${peer.split('@')[1]}`,
      text: `Bonjour,\n\nMessage ${i + 1} de ${count} pour les mesures de performance : ${rng.pick(LARGE_SUBJECTS).toLowerCase()} concernant ${name}.\n\nCordialement.\n`,
      headers: [['X-MSS-NIL', 'BAC-A-SABLE-NON-REEL']],
    });
    const flags = rng.chance(0.85) ? 'S' : '';
    const file = path.join(cur, `${Math.floor(date.getTime() / 1000)}.M${i}P${runId}.seed,S=${raw.length}:2,${rng.chance(0.05) ? 'F' : ''}${flags}`);
    fs.writeFileSync(file, raw);
    bytes += raw.length;
    const t = date.getTime() / 1000;
    fs.utimesSync(file, t, t);
    if (i > 0 && i % 20000 === 0) log(`  ${i} written`);
  }
  await run('chown', ['-R', 'vmail:vmail', dir]);
  await doveadm(['force-resync', '-u', address, folder]);
  // builds the index now rather than at the client's first SELECT
  await doveadm(['mailbox', 'status', '-u', address, 'messages', folder]);
  const ms = Date.now() - t0;
  log(`large seed: ${count} messages (${Math.round(bytes / 1048576)} MB) into ${address}/${folder} in ${ms} ms`);
  return { folder, written: count, ms, bytes };
}

export { USER_FOLDERS };

async function main(argv: string[]): Promise<void> {
  const log = (l: string) => console.log(l);
  const i = argv.indexOf('--large');
  if (i >= 0) {
    const bal = argv[i + 1];
    const count = Number(argv[i + 2]);
    const fi = argv.indexOf('--folder');
    if (!bal || !BALS.some((b) => b.address === bal) || !Number.isInteger(count) || count <= 0) {
      throw new Error('usage: seed --large <bal address> <count> [--folder <name>] [--small]');
    }
    // Realistic sizes by default (issue #15); --small: the one-line messages of the load scenario.
    await seedLarge(bal, count, { folder: fi >= 0 ? argv[fi + 1] : undefined, log, realistic: !argv.includes('--small') });
    return;
  }
  await seedAll({ log, reset: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}

export { main as seedMain };
