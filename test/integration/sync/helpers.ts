// Helpers for the sync engine's integration tests against the sandbox Dovecot: a private encrypted store,
// a per-test folder on a BAL (created and deleted by the test), an independent IMAP client playing "the
// other side" (another device / the server), a TCP proxy the test can cut (offline, dropped connections),
// and the sandbox operator's controls (UIDVALIDITY reset, kick).
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { BALS, HOST, PATHS, PORTS } from '../../../sandbox/config';
import { openReader, openWriter } from '../../../main/store/open-store';
import type { StoreReader } from '../../../main/store/reader';
import type { StoreWriter } from '../../../main/store/writer';
import { buildClient } from '../../../main/sync/connection';
import type { CredentialsProvider, EngineAccount, EngineEvent, ImapServerConfig } from '../../../main/sync/types';


/** The BAL the sync tests use (each test works in its own folder). */
export const TEST_BAL = BALS.find((b) => b.address.startsWith('bob.'))!;

export function caPem(): string {
  return fs.readFileSync(PATHS.caCert, 'utf8');
}

export function imapConfig(port: number = PORTS.imap): ImapServerConfig {
  return { host: HOST, port, security: 'starttls', servername: 'localhost', caPem: [caPem()] };
}

export const passwordCredentials = (bal = TEST_BAL): CredentialsProvider => async () => ({
  user: bal.address,
  auth: { kind: 'password', pass: bal.password },
});

export function account(folder: string, port?: number): EngineAccount {
  return { address: TEST_BAL.address, type: 'PER', label: 'test', imap: imapConfig(port), onlyFolders: [folder] };
}

export interface TestStore {
  dir: string;
  file: string;
  keyHex: string;
  writer: StoreWriter;
  reader(): StoreReader;
  close(): void;
}

export function tempStore(): TestStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-sync-'));
  const file = path.join(dir, 'cache.db');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const writer = openWriter(file, keyHex);
  const readers: StoreReader[] = [];
  return {
    dir, file, keyHex, writer,
    reader() {
      const r = openReader(file, keyHex);
      readers.push(r);
      return r;
    },
    close() {
      readers.forEach((r) => r.close());
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An independent client: the server side of the tests (another device, an incoming mail). */
export async function serverClient(): Promise<ImapFlow> {
  const c = buildClient(imapConfig(), await passwordCredentials()(TEST_BAL.address, { forceRefresh: false }));
  await c.connect();
  return c;
}

export function uniqueFolder(tag: string): string {
  return `synctest-${tag}-${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
}

export function rawMessage(i: number, folder: string, o: { date?: Date; attachment?: Buffer; extraHeaders?: string } = {}): Buffer {
  const date = (o.date ?? new Date(Date.UTC(2026, 0, 1) + i * 60_000)).toUTCString();
  const head = `From: Dr Test <test.expediteur@test.mssante.fr>\r\nTo: ${TEST_BAL.address}\r\nSubject: Message de test ${i}\r\n` +
    `Message-ID: <m${i}.${folder}@test.mssante.fr>\r\nDate: ${date}\r\nMIME-Version: 1.0\r\n${o.extraHeaders ?? ''}`;
  if (!o.attachment) return Buffer.from(`${head}Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour, message numéro ${i}.\r\n`);
  const b = `b${i}`;
  return Buffer.from(
    `${head}Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCompte rendu ${i}.\r\n` +
    `--${b}\r\nContent-Type: application/pdf; name="cr.pdf"\r\nContent-Disposition: attachment; filename="cr.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
    `${o.attachment.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${b}--\r\n`,
  );
}

/** Creates `folder` with `count` messages (APPEND, MULTIAPPEND-free so it works everywhere). */
export async function seedFolder(c: ImapFlow, folder: string, count: number, make: (i: number) => Buffer = (i) => rawMessage(i, folder)): Promise<void> {
  await c.mailboxCreate(folder);
  for (let i = 0; i < count; i++) await c.append(folder, make(i));
}

/** Deletes a test folder; retried for a while (another suite may be restarting the sandbox Dovecot). */
export async function deleteFolder(folder: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    let c: ImapFlow | null = null;
    try {
      c = await serverClient();
      await c.mailboxDelete(folder).catch((e: { mailboxMissing?: boolean; responseStatus?: string }) => {
        if (e.responseStatus !== 'NO') throw e; // NO: already gone
      });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await c?.logout().catch(() => {});
    }
  }
}

/** Runs cleanups in reverse order; one failing does not skip the others. */
export async function runCleanups(cleanups: Array<() => Promise<void> | void>): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c();
    } catch {
      // keep cleaning
    }
  }
}

export async function serverUids(c: ImapFlow, folder: string): Promise<number[]> {
  await c.mailboxOpen(folder);
  const r = await c.search({ all: true }, { uid: true });
  return Array.isArray(r) ? r : [];
}

/** Waits until `check` returns a truthy value (polling), or throws after `ms`. */
export async function waitFor<T>(check: () => T | Promise<T>, ms = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function collect(events: EngineEvent[]) {
  return (e: EngineEvent) => events.push(e);
}

// ---- sandbox controls

export { kickUser, resetUidValidity } from '../../../sandbox/control';

// ---- a cuttable TCP path to Dovecot

export interface Proxy {
  port: number;
  /** Connections currently open through the proxy. */
  readonly open: number;
  /** Highest number of simultaneous connections seen. */
  readonly maxOpen: number;
  /** Timestamps of accepted (or refused, while down) connection attempts. */
  readonly attempts: number[];
  /** Destroys every open connection (a network drop). */
  dropAll(): void;
  /** Refuse new connections (closed at once) and drop the open ones. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startProxy(target = PORTS.imap): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  let isDown = false;
  let maxOpen = 0;
  const attempts: number[] = [];
  const server = net.createServer((client) => {
    attempts.push(Date.now());
    if (isDown) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target, HOST);
    sockets.add(client);
    sockets.add(upstream);
    maxOpen = Math.max(maxOpen, Math.ceil(sockets.size / 2));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const port = (server.address() as net.AddressInfo).port;
  const dropAll = () => {
    for (const s of [...sockets]) s.destroy();
    sockets.clear();
  };
  return {
    port,
    get open() {
      return Math.ceil(sockets.size / 2);
    },
    get maxOpen() {
      return maxOpen;
    },
    attempts,
    dropAll,
    down() {
      isDown = true;
      dropAll();
    },
    up() {
      isDown = false;
    },
    close() {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A TCP relay to Dovecot counting live IMAP sessions as the server sees them: from its greeting until
 * either side closes or the server has finished it (its FIN after LOGOUT, even while the relay's sockets
 * are still being torn down).
 */
export async function sessionCountingProxy() {
  let live = 0;
  let maxOpen = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(PORTS.imap, HOST);
    let state: 'new' | 'live' | 'ended' = 'new';
    upstream.once('data', () => {
      if (state !== 'new') return;
      state = 'live';
      maxOpen = Math.max(maxOpen, ++live);
    });
    const ended = () => {
      if (state === 'live') live--;
      state = 'ended';
    };
    upstream.on('end', ended);
    for (const s of [client, upstream]) s.on('close', () => { ended(); client.destroy(); upstream.destroy(); }).on('error', () => {});
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get maxOpen() {
      return maxOpen;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
