// Recipient suggestions: the national directory (Annuaire Santé) merged with the correspondents seen in
// the cache, each marked trusted when its domain is on the MSSanté trust list.
import type { DirectoryEntry } from '../../shared/types';
import { isDomainTrusted, loadBundledTrustList, type TrustList } from '../autoconfig/trust-list';
import { UserError } from '../errors';
import { errorFields, log } from '../log';
import { createTrustedFetch, type TrustedFetch } from '../net/trusted-fetch';
import { ContactsQueries } from '../store/contacts-queries';
import type { StoreReader } from '../store/reader';
import { searchFhirDirectory } from './fhir-client';

export interface DirectoryDeps {
  /** Cache reader and the account ids the person may open (null when locked). */
  contacts(): { reader: StoreReader; accountIds: number[] } | null;
  settings(): Promise<{ directoryUrl: string; apiKey: string | null }>;
  extraCa: Buffer[];
  testMode: boolean;
  trustList?: TrustList;
  fetch?: TrustedFetch;
}

const MAX_RESULTS = 30;

export class DirectoryService {
  private trust: TrustList | null;
  private readonly fetch: TrustedFetch;

  constructor(private readonly deps: DirectoryDeps) {
    this.trust = deps.trustList ?? null;
    this.fetch = deps.fetch ?? createTrustedFetch({ extraCa: deps.extraCa, timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024 });
  }

  isTrusted(address: string): boolean {
    if (!this.trust) {
      try {
        this.trust = loadBundledTrustList();
      } catch (err) {
        log.warn('directory.trust-list-unavailable', errorFields(err));
        this.trust = { domains: new Set(), origin: 'bundled' };
      }
    }
    const domain = address.split('@')[1] ?? '';
    return isDomainTrusted(domain, this.trust, this.deps.testMode);
  }

  async search(q: string): Promise<DirectoryEntry[]> {
    const query = q.trim();
    const local = this.deps.contacts();
    const contacts = local ? new ContactsQueries(local.reader).seenContacts(local.accountIds, query, 15) : [];
    const { directoryUrl, apiKey } = await this.deps.settings();
    let directoryError: unknown = null;
    const fromDirectory = await searchFhirDirectory(query, { baseUrl: directoryUrl, apiKey, fetch: this.fetch }).catch((err: unknown) => {
      directoryError = err;
      return [];
    });
    // Without the directory, the person's correspondents still help; with none of them, say why.
    if (directoryError && contacts.length === 0) throw directoryError instanceof UserError ? directoryError : new Error('directory failed');
    const out: DirectoryEntry[] = [];
    const seen = new Set<string>();
    for (const h of fromDirectory) {
      seen.add(h.address.toLowerCase());
      out.push({ ...h, source: 'directory', trusted: this.isTrusted(h.address) });
    }
    for (const c of contacts) {
      if (seen.has(c.address.toLowerCase())) continue;
      seen.add(c.address.toLowerCase());
      out.push({ name: c.name ?? c.address, profession: null, city: null, address: c.address, balType: null, source: 'contacts', trusted: this.isTrusted(c.address) });
    }
    return out.slice(0, MAX_RESULTS);
  }
}
