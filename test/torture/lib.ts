// Shared pieces of the torture suite: the dedicated BAL and folders, a private encrypted store, the
// server's and the cache's view of a folder (by UID + Message-ID + flags), and their comparison.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { BALS, HOST, PATHS, PORTS } from '../../sandbox/config';
import { plainImapClient } from '../../sandbox/control';
import { openConnection } from '../../main/store/db';
import { openWriter } from '../../main/store/open-store';
import type { StoreReader } from '../../main/store/reader';
import type { StoreWriter } from '../../main/store/writer';
import { parseImapFlags } from '../../main/store/flags';
import type { CredentialsProvider, EngineAccount, ImapServerConfig } from '../../main/sync/types';

/** The torture suite's own BAL (other suites use Bob's and Alice's): every run works in its own folders. */
export const TORTURE_BAL = BALS.find((b) => b.type === 'APP')!;

export function caPem(): string {
  return fs.readFileSync(PATHS.caCert, 'utf8');
}

export function imapConfig(port: number = PORTS.imap): ImapServerConfig {
  return { host: HOST, port, security: 'starttls', servername: 'localhost', caPem: [caPem()] };
}

export const passwordCredentials = (bal = TORTURE_BAL): CredentialsProvider => async () => ({
  user: bal.address,
  auth: { kind: 'password', pass: bal.password },
});

export function engineAccount(folders: string[], port?: number, bal = TORTURE_BAL): EngineAccount {
  return { address: bal.address, type: 'APP', label: 'torture', imap: imapConfig(port), onlyFolders: folders };
}

export function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mss-torture-${tag}-`));
}

export interface TortureStore {
  dir: string;
  file: string;
  keyHex: string;
  writer: StoreWriter;
  close(): void;
}

export function newStore(tag: string): TortureStore {
  const dir = tmpDir(tag);
  const file = path.join(dir, 'cache.db');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const writer = openWriter(file, keyHex);
  return {
    dir, file, keyHex, writer,
    close() {
      try {
        writer.close();
      } catch {
        /* closed */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function uniqueName(tag: string): string {
  return `torture-${tag}-${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
}

export function rawMessage(i: number, folder: string, bal = TORTURE_BAL.address, extra = ''): Buffer {
  const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString();
  const filler = 'Ligne de compte rendu pour éprouver le transfert. '.repeat(20 + (i % 40));
  return Buffer.from(
    `From: Labo Torture <torture.expediteur@test.mssante.fr>\r\nTo: ${bal}\r\nSubject: Torture ${i}\r\n` +
      `Message-ID: <t${i}.${folder}@torture.test>\r\nDate: ${date}\r\nMIME-Version: 1.0\r\n${extra}` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nMessage ${i}.\r\n${filler}\r\n`,
  );
}

export async function imapClient(bal = TORTURE_BAL.address): Promise<ImapFlow> {
  return plainImapClient(bal);
}

/** One message as both sides see it: flags as the store's bitmask + keywords. */
export interface MsgState {
  uid: number;
  messageId: string | null;
  flags: number;
  keywords: string[];
}

export async function serverState(c: ImapFlow, folder: string): Promise<MsgState[]> {
  const box = await c.mailboxOpen(folder);
  if (box.exists === 0) return [];
  const out: MsgState[] = [];
  for await (const m of c.fetch('1:*', { uid: true, flags: true, envelope: true })) {
    const { bits, keywords } = parseImapFlags(m.flags ?? new Set());
    out.push({ uid: m.uid, messageId: m.envelope?.messageId ?? null, flags: bits, keywords });
  }
  return out;
}

export function cacheState(w: StoreReader, accountId: number, folder: string): MsgState[] | null {
  const f = w.getFolderByPath(accountId, folder);
  if (!f) return null;
  return w.listMessages(f.id, { limit: 1000 }).map((m) => ({ uid: m.uid, messageId: m.messageId, flags: m.flags, keywords: m.keywords }));
}

export interface Diff {
  lost: number;
  duplicated: number;
  stale: number;
  details: string[];
}

/**
 * lost: on the server, not in the cache (by UID, or by Message-ID for placeholder rows);
 * duplicated: a Message-ID twice in the cache or twice on the server;
 * stale: in the cache but gone from the server, or flags that differ.
 * \Recent and the store-only bits are ignored; \Deleted compared like the others.
 */
export function compare(server: MsgState[], cache: MsgState[]): Diff {
  const d: Diff = { lost: 0, duplicated: 0, stale: 0, details: [] };
  const byUid = new Map(cache.map((m) => [m.uid, m]));
  const serverUids = new Set(server.map((m) => m.uid));
  for (const s of server) {
    const c = byUid.get(s.uid);
    if (!c) {
      d.lost++;
      d.details.push(`lost uid ${s.uid}`);
      continue;
    }
    if (c.messageId !== s.messageId) {
      d.stale++;
      d.details.push(`uid ${s.uid}: message-id ${c.messageId} ≠ ${s.messageId}`);
    } else if (c.flags !== s.flags || c.keywords.join(' ') !== s.keywords.join(' ')) {
      d.stale++;
      d.details.push(`uid ${s.uid}: flags ${c.flags}/${c.keywords.join(',')} ≠ server ${s.flags}/${s.keywords.join(',')}`);
    }
  }
  for (const c of cache) {
    if (!serverUids.has(c.uid)) {
      d.stale++;
      d.details.push(`stale uid ${c.uid}`);
    }
  }
  const dup = (list: MsgState[]) => {
    const seen = new Map<string, number>();
    for (const m of list) if (m.messageId) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
    return [...seen.values()].filter((n) => n > 1).reduce((a, n) => a + n - 1, 0);
  };
  const dc = dup(cache);
  const ds = dup(server);
  if (dc) d.details.push(`${dc} duplicate(s) in cache`);
  if (ds) d.details.push(`${ds} duplicate(s) on server`);
  d.duplicated += dc + ds;
  return d;
}

export async function waitFor<T>(check: () => T | Promise<T>, ms: number, stepMs = 100): Promise<T | null> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await check();
    if (v) return v;
    await sleep(stepMs);
  }
  return null;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** PRAGMA integrity_check through the real encrypted connection. */
export function integrityOk(file: string, keyHex: string): boolean {
  const db = openConnection(file, { keyHex, readonly: true });
  try {
    const r = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return r.length === 1 && r[0]!.integrity_check === 'ok';
  } finally {
    db.close();
  }
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`timeout: ${what}`)), ms)))]);
  } finally {
    clearTimeout(t);
  }
}

// Children the suite started: killed (by PID) when the runner exits, whatever happens.
const LIVE = new Set<import('node:child_process').ChildProcess>();
let exitHook = false;
export function trackChild<T extends import('node:child_process').ChildProcess>(proc: T): T {
  LIVE.add(proc);
  proc.once('exit', () => LIVE.delete(proc));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const p of LIVE) if (p.pid && p.exitCode === null) p.kill('SIGKILL');
    });
  }
  return proc;
}
