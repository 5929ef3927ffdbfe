// Harness of the sending integration tests: a private encrypted store, a SendService for the secretary
// (Claire PETIT, real PSC tokens from the sandbox provider), the sandbox Postfix/Dovecot, an IMAP view of
// any BAL, and the sync engine: the sending side's only way to IMAP (Sent / Drafts copies, raw fetches), and
// what brings reports into the cache (startSync).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventName } from '../../../shared/contract';
import type { BalSummary, SessionInfo } from '../../../shared/types';
import { createCredentialsProvider, imapCredentialsProvider, type CredentialsProvider } from '../../../main/auth/credentials';
import { UnprotectedFileSecretStore } from '../../../main/secrets';
import { ComposeSettingsStore } from '../../../main/send/compose-settings';
import type { SendDeps, SendOptions } from '../../../main/send/context';
import { SendService } from '../../../main/send/send-service';
import type { Db } from '../../../main/store/db';
import { openReader, openWriter } from '../../../main/store/open-store';
import type { StoreReader } from '../../../main/store/reader';
import type { StoreWriter } from '../../../main/store/writer';
import type { SyncEngine } from '../../../main/sync';
import { outgoingEngine, type OutgoingEngine } from '../../outgoing-engine';
import { BALS, DOMAIN, HOST, PATHS, PORTS } from '../../../sandbox/config';
import { plainImapClient } from '../../../sandbox/control';
import { pscToken } from '../sandbox/helpers';
import { writesOn } from '../../../main/store/app-writes';

export const CLAIRE = '810101234560';
export const CABINET = `cabinet.saint-roch@${DOMAIN}`;
export const ALICE = `alice.martin@${DOMAIN}`;
export const BOB = `bob.durand@${DOMAIN}`;
export const ACCUEIL = `accueil.centre-sante@${DOMAIN}`;

export const CA = () => fs.readFileSync(PATHS.caCert);

export function claireSession(over: Partial<SessionInfo> = {}): SessionInfo {
  return { idNat: CLAIRE, givenName: 'Claire', familyName: 'PETIT', profession: 'Secrétaire médicale', method: 'MOBILE', locked: false, offline: false, since: Date.now(), ...over };
}

export function bal(address: string, role: BalSummary['role'] = 'délégataire'): BalSummary {
  const b = BALS.find((x) => x.address === address)!;
  return { address, type: b.type, label: b.label, role, unread: 0, active: false, confirmedAt: Date.now() };
}

/** Real tokens of a sandbox person, refreshed when a server refuses one. */
export function tokenCredentials(idNat: string): CredentialsProvider {
  let current: string | null = null;
  return createCredentialsProvider({
    async getAccessToken(o) {
      if (!current || o?.forceRefresh) current = await pscToken(idNat);
      return current;
    },
    invalidateAccessToken(t) {
      if (current === t) current = null;
    },
  });
}

export interface Harness {
  dir: string;
  file: string;
  keyHex: string;
  writer: StoreWriter;
  reader: StoreReader;
  session: { value: SessionInfo | null };
  mailboxes: BalSummary[];
  smtpPort: { value: number };
  events: Array<{ name: EventName; payload: unknown }>;
  credentials: CredentialsProvider;
  settings: ComposeSettingsStore;
  /** The sync engine of this "workstation", on its own writer connection (as the worker does). */
  outgoing: OutgoingEngine;
  /** A new service on the same store (a restart of the app); `extra` adds dependencies (e.g. the engine's keyword change). */
  service(options?: Partial<SendOptions>, extra?: Partial<SendDeps>): SendService;
  close(): Promise<void>;
}

/** `imapPort`: where the engine reaches IMAP (a counting proxy); `connectionBudget`: the engine's (2 by default). */
export function harness(o: { imapPort?: number; connectionBudget?: number } = {}): Harness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-send-'));
  const file = path.join(dir, 'cache.db');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const writer = openWriter(file, keyHex);
  const reader = openReader(file, keyHex);
  const events: Harness['events'] = [];
  const session = { value: claireSession() as SessionInfo | null };
  const mailboxes = [bal(CABINET), bal(ALICE), bal(`accueil.centre-sante@${DOMAIN}`)];
  const smtpPort = { value: PORTS.submission as number };
  const credentials = tokenCredentials(CLAIRE);
  const settings = new ComposeSettingsStore(dir, new UnprotectedFileSecretStore({ file: path.join(dir, 'secrets.json'), userAcceptedRisk: true }));
  const services: SendService[] = [];
  const engineWriter = openWriter(file, keyHex);
  // Two connections at most (the per-person cap of 10 is shared with whoever else uses the sandbox as Claire).
  const outgoing = outgoingEngine(engineWriter, imapCredentialsProvider(credentials), (address) => {
    const b = BALS.find((x) => x.address === address)!;
    return { address, type: b.type, label: b.label, imap: { host: HOST, port: o.imapPort ?? PORTS.imap, security: 'starttls', servername: 'localhost', caPem: [CA().toString('utf8')] } };
  }, { connectionBudget: o.connectionBudget ?? 2 });
  return {
    dir, file, keyHex, writer, reader, session, mailboxes, smtpPort, events, credentials, settings, outgoing,
    service(options = {}, extra = {}) {
      const s = new SendService({
        cache: () => ({ reader, writes: writesOn(writer) }),
        session: () => session.value,
        credentials,
        imap: outgoing.imap,
        mailboxes: () => mailboxes,
        accountServers: () => ({ smtp: { host: HOST, port: smtpPort.value, security: 'starttls' } }),
        settings,
        extraCa: [CA()],
        emit: (name, payload) => events.push({ name, payload }),
        options: { servername: 'localhost', retryDelaysMs: [0], recoveryGraceMs: 30_000, pollMs: 3_600_000, ...options },
        ...extra,
      });
      services.push(s);
      return s;
    },
    async close() {
      services.forEach((s) => s.dispose());
      await outgoing.stop();
      engineWriter.close();
      reader.close();
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Raw SQL on the app's writer connection (to put an item back in a crash state). */
export function sql(writer: StoreWriter): Db {
  return (writer as unknown as { db: Db }).db;
}

/** How many messages of a BAL's folder carry this Message-ID (sandbox password login: the operator's view). */
export async function countOnServer(address: string, folder: string, messageId: string): Promise<number> {
  const c = await plainImapClient(address);
  try {
    const lock = await c.getMailboxLock(folder, { readOnly: true });
    try {
      const r = await c.search({ header: { 'message-id': messageId } }, { uid: true });
      if (r === false) throw new Error('SEARCH failed');
      return (r ?? []).length;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

export async function rawOnServer(address: string, folder: string, messageId: string): Promise<{ raw: Buffer; flags: Set<string> } | null> {
  const c = await plainImapClient(address);
  try {
    const lock = await c.getMailboxLock(folder, { readOnly: true });
    try {
      const uids = await c.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!uids || uids.length === 0) return null;
      const m = await c.fetchOne(String(uids[0]), { source: true, flags: true }, { uid: true });
      return m && m.source ? { raw: m.source, flags: m.flags ?? new Set() } : null;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout().catch(() => undefined);
  }
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 30_000, step = 300, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not met in time`);
    await new Promise((r) => setTimeout(r, step));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The harness's sync engine syncing these folders of these BALs (INBOX by default): headers only (the seeded
 * backlog of bodies would delay new mail; reports are then read over IMAP by the scanner, through the engine).
 */
export async function startSync(h: Harness, bals: string[], folders: string[] = ['INBOX']): Promise<{ engine: SyncEngine; stop(): Promise<void> }> {
  const engine = h.outgoing.engine;
  await h.outgoing.sync(bals, folders);
  // As the reader on screen does: INBOX is the active folder (SELECT + IDLE), so new mail comes in at once
  // even while the first sync still downloads the seeded backlog.
  const activated = new Set<string>();
  const activate = setInterval(() => {
    for (const address of bals) {
      const account = h.reader.getAccountByAddress(address);
      const inbox = account ? h.reader.getFolderByPath(account.id, 'INBOX') : null;
      if (inbox && !activated.has(address)) {
        activated.add(address);
        engine.setActiveFolder(address, inbox.id);
      }
    }
    if (activated.size === bals.length) clearInterval(activate);
  }, 200);
  return {
    engine,
    async stop() {
      clearInterval(activate);
      await h.outgoing.unsync(bals);
    },
  };
}
