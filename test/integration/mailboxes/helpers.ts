// A MailboxService wired as the app wires it (real AccountsFile in a temp profile, real encrypted store,
// rights confirmed by real XOAUTH2 logins at the sandbox Dovecot, the operator's BAL listing over https),
// with real PSC access tokens of the sandbox provider.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AccountsFile, type StoredAccount } from '../../../main/accounts/accounts-file';
import { loadRuntimeConfig } from '../../../main/config/runtime-config';
import { rightsRepository } from '../../../main/mailboxes/rights-repository';
import { discover } from '../../../main/autoconfig';
import { fetchBalListing } from '../../../main/mailboxes/bal-listing';
import { MailboxService } from '../../../main/mailboxes/mailbox-service';
import type { RightsRepository } from '../../../main/mailboxes/types';
import { checkBalRight } from '../../../main/mailboxes/rights-check';
import { createTrustedFetch } from '../../../main/net/trusted-fetch';
import { openReader, openWriter } from '../../../main/store/open-store';
import type { StoreReader } from '../../../main/store/reader';
import type { StoreWriter } from '../../../main/store/writer';
import { writesOn } from '../../../main/store/app-writes';
import { APP_RUNTIME_FILE } from '../../../sandbox/app-runtime';
import { pscToken } from '../sandbox/helpers';

export const runtime = () => loadRuntimeConfig(APP_RUNTIME_FILE);

export interface Profile {
  dir: string;
  accounts: AccountsFile;
  writer: StoreWriter;
  reader: StoreReader;
  file: string;
  keyHex: string;
  close(): void;
}

export function tempProfile(): Profile {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-mailboxes-'));
  const file = path.join(dir, 'cache.db');
  const keyHex = crypto.randomBytes(32).toString('hex');
  const writer = openWriter(file, keyHex);
  const reader = openReader(file, keyHex);
  return {
    dir, file, keyHex, writer, reader,
    accounts: new AccountsFile(dir),
    close() {
      reader.close();
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adds a BAL as the setup dialog does: autoconfiguration from the address alone. */
export async function addAccount(profile: Profile, address: string): Promise<StoredAccount> {
  const rt = runtime();
  const r = await discover(address, { testMode: rt.testMode, extraCa: rt.extraCa, dnsServers: rt.dnsServers, hostPortMap: rt.hostPortMap });
  return profile.accounts.upsert({ address: r.config.address, type: 'PER', label: r.config.address, config: r.config, discoveredFrom: r.source });
}

/** Tokens handed out per person (counted: the app asks once per login, not once per BAL). */
export class TokenSource {
  readonly issued = new Map<string, number>();
  /** Every IMAP login's request: which BAL, whether a fresh token was forced (after a refusal). */
  readonly logins: Array<{ bal: string; forced: boolean }> = [];
  private readonly cache = new Map<string, string>();
  async get(idNat: string, forceRefresh = false, bal?: string): Promise<string> {
    if (bal) this.logins.push({ bal, forced: forceRefresh });
    if (!forceRefresh && this.cache.has(idNat)) return this.cache.get(idNat)!;
    const token = await pscToken(idNat);
    this.issued.set(idNat, (this.issued.get(idNat) ?? 0) + 1);
    this.cache.set(idNat, token);
    return token;
  }
}

export interface ServiceUnderTest {
  service: MailboxService;
  purged: string[];
  /** The person whose token the next confirmRights uses. */
  as(idNat: string): void;
}

/** `o.rights` / `o.purge`: the app's wiring instead (rights through the single writer, purge by the engine). */
export function mailboxService(profile: Profile, tokens: TokenSource, o: { rights?: RightsRepository; purge?: (bal: string) => Promise<void> } = {}): ServiceUnderTest {
  const rt = runtime();
  const trustedFetch = createTrustedFetch({ extraCa: rt.extraCa });
  const repo = o.rights ?? rightsRepository(writesOn(profile.writer), profile.reader);
  const purged: string[] = [];
  let person = '';
  const service = new MailboxService({
    accounts: profile.accounts,
    rights: repo,
    unreadOf: (bal) => {
      const a = profile.reader.getAccountByAddress(bal);
      return a ? (profile.reader.unreadCounts([a.id])[0]?.unread ?? 0) : 0;
    },
    checkRight: (account) =>
      checkBalRight(
        account.address,
        {
          host: account.config.imap.host,
          port: account.config.imap.port,
          security: account.config.imap.security,
          caPem: rt.extraCa.map((b) => b.toString('utf8')),
        },
        async (bal, o) => ({ user: bal, auth: { kind: 'xoauth2', accessToken: await tokens.get(person, o.forceRefresh, bal) } }),
      ),
    listOperatorBals: async (account) =>
      account.config.balListingUrl
        ? fetchBalListing(account.config.balListingUrl, await tokens.get(person), (url, init) => trustedFetch(url, init as never))
        : [],
    addListedAccount: (from, listed) =>
      profile.accounts.upsert({
        address: listed.address,
        type: listed.type,
        label: listed.label ?? listed.address,
        config: { ...from.config, address: listed.address, imap: { ...from.config.imap, username: listed.address }, smtp: { ...from.config.smtp, username: listed.address } },
        discoveredFrom: 'operator-listing',
      }),
    purgeCache: async (bal) => {
      if (o.purge) return o.purge(bal);
      purged.push(bal);
      const a = profile.reader.getAccountByAddress(bal);
      if (a) profile.writer.deleteAccount(a.id);
    },
  });
  return { service, purged, as: (idNat) => (person = idNat) };
}

export async function waitFor<T>(check: () => T | Promise<T>, ms = 20_000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
