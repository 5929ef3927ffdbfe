// A delegation withdrawn at the operator while its BAL is syncing: at the next confirmation the BAL's sync
// is stopped in the engine worker (awaited) before its cache is purged there, and nothing is written for it
// afterwards — new mail that reaches the BAL on the server is not fetched, while the BALs still delegated
// keep syncing (their new mail arrives: the barrier that the engine went on working after the purge).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountsFile } from '../../../main/accounts/accounts-file';
import { EventBus } from '../../../main/bridge/events';
import { SyncController } from '../../../main/mail/sync-controller';
import { rightsRepository } from '../../../main/mailboxes/rights-repository';
import { openReader } from '../../../main/store/open-store';
import type { OpenCache } from '../../../main/store/open-cache';
import type { StoreReader } from '../../../main/store/reader';
import { DOMAIN } from '../../../sandbox/config';
import { injectMessage, plainImapClient, resetDelegations, setDelegation } from '../../../sandbox/control';
import { addAccount, mailboxService, runtime, TokenSource, waitFor, type Profile } from './helpers';

const SECRETARY = '810101234560';
const cabinet = `cabinet.saint-roch@${DOMAIN}`;
const accueil = `accueil.centre-sante@${DOMAIN}`;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function mail(to: string, messageId: string): string {
  return [`From: Laboratoire <labo@${DOMAIN}>`, `To: ${to}`, `Subject: Résultats ${messageId}`, `Message-ID: ${messageId}`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Résultats disponibles.', ''].join('\r\n');
}

const inboxCount = (reader: StoreReader, bal: string): number => {
  const a = reader.getAccountByAddress(bal);
  const inbox = a ? reader.getFolderByPath(a.id, 'INBOX') : null;
  return inbox ? reader.listMessages(inbox.id, { limit: 10_000 }).length : 0;
};
const cachedMessageIds = (reader: StoreReader, bal: string): string[] => {
  const a = reader.getAccountByAddress(bal);
  const inbox = a ? reader.getFolderByPath(a.id, 'INBOX') : null;
  return inbox ? reader.listMessages(inbox.id, { limit: 10_000 }).map((m) => m.messageId ?? '') : [];
};

async function onServer(bal: string, messageId: string): Promise<boolean> {
  const c = await plainImapClient(bal);
  try {
    await c.mailboxOpen('INBOX');
    const uids = await c.search({ header: { 'message-id': messageId } }, { uid: true });
    return Array.isArray(uids) && uids.length > 0;
  } finally {
    await c.logout().catch(() => undefined);
  }
}

describe('a withdrawn right stops the BAL\'s sync before its cache is purged', () => {
  it('withdrawn mid-sync: purged, and nothing is written for that BAL afterwards', async () => {
    await resetDelegations();
    cleanups.push(() => resetDelegations());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-withdraw-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'cache.db');
    const keyHex = crypto.randomBytes(32).toString('hex');
    const accounts = new AccountsFile(dir);
    const tokens = new TokenSource();
    const events = new EventBus();
    const seen: Array<{ name: string; bal: string | undefined }> = [];
    cleanups.push(events.subscribeAll((name, payload) => seen.push({ name, bal: (payload as { bal?: string } | null)?.bal })));

    // The app's wiring: the engine worker holds the single writer, main a read-only connection.
    let reader: StoreReader | null = null;
    const sync = new SyncController({
      events,
      runtime: runtime(),
      credentials: {
        getCredentials: async (bal, o) => ({ user: bal, accessToken: await tokens.get(SECRETARY, o?.forceRefresh ?? false) }),
        reportRefused: () => undefined,
      },
      cache: () => (reader ? ({ reader } as OpenCache) : null),
      connectionCaps: () => [10],
      setConnectivity: () => undefined,
    });
    cleanups.push(() => sync.dispose());
    const writes = await sync.open(file, keyHex);
    reader = openReader(file, keyHex);
    cleanups.push(() => reader?.close());
    const profile = { dir, accounts, reader } as unknown as Profile;
    await addAccount(profile, cabinet);

    const purged: string[] = [];
    const login = async () => {
      const sut = mailboxService(profile, tokens, {
        rights: rightsRepository(writes, reader!),
        purge: async (bal) => {
          purged.push(bal);
          await sync.purge(bal);
        },
      });
      sut.as(SECRETARY);
      const result = await sut.service.confirmRights(SECRETARY);
      const allowed = new Set(result.confirmed.map((c) => c.bal.toLowerCase()));
      await sync.reconcile(accounts.list().filter((a) => allowed.has(a.address.toLowerCase())));
      return result;
    };

    // Logged in: the three delegated BALs sync (the centre's BAL gets a message while it does).
    const first = await login();
    expect(first.confirmed.map((c) => c.bal.toLowerCase())).toContain(accueil);
    const before = `<avant-${crypto.randomUUID()}@${DOMAIN}>`;
    await injectMessage(accueil, mail(accueil, before));
    await waitFor(() => cachedMessageIds(reader!, accueil).includes(before), 60_000, 'the centre BAL synced');
    await waitFor(() => reader!.getAccountByAddress(cabinet) && reader!.getFolderByPath(reader!.getAccountByAddress(cabinet)!.id, 'INBOX'), 60_000, 'the cabinet BAL synced');

    // Withdrawn at the operator; the next confirmation stops its sync, then purges its cache.
    await setDelegation(SECRETARY, accueil, null);
    const second = await login();
    expect(second.withdrawn).toEqual([accueil]);
    expect(purged).toEqual([accueil]);
    expect(reader.getAccountByAddress(accueil)).toBeNull();
    const eventsAtPurge = seen.length;

    // New mail for the withdrawn BAL reaches the server (its old session could still have seen it)...
    const after = `<apres-${crypto.randomUUID()}@${DOMAIN}>`;
    await injectMessage(accueil, mail(accueil, after));
    await waitFor(() => onServer(accueil, after), 60_000, 'delivered to the centre BAL on the server');
    // ...then mail for a BAL still delegated: once it is cached, the engine has worked after the purge.
    const barrier = `<barriere-${crypto.randomUUID()}@${DOMAIN}>`;
    const cabinetBefore = inboxCount(reader, cabinet);
    await injectMessage(cabinet, mail(cabinet, barrier));
    await waitFor(() => cachedMessageIds(reader!, cabinet).includes(barrier), 90_000, 'the cabinet BAL still syncs');
    expect(inboxCount(reader, cabinet)).toBeGreaterThan(cabinetBefore);

    // Nothing was written for the withdrawn BAL: no account row, no message, no event about it.
    expect(reader.getAccountByAddress(accueil)).toBeNull();
    expect(reader.listAccounts().map((a) => a.address.toLowerCase())).not.toContain(accueil);
    expect(seen.slice(eventsAtPurge).filter((e) => e.bal?.toLowerCase() === accueil)).toEqual([]);
    await writes.appendAudit({ idnat: SECRETARY, bal: 'session', action: 'test.barrier', result: 'ok' }); // the writer still answers
  });
});
