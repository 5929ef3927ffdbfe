// Recipient suggestions: the national directory (Annuaire Santé) merged with the correspondents seen in
// the cache, each marked trusted when its domain is on the MSSanté trust list.
import type { BalType, DirectoryEntry } from '../../shared/types';
import { EMPTY_TRUST_LIST, isDomainTrusted, loadOfficialTrustList, type TrustList } from '../autoconfig/trust-list';
import { UserError } from '../errors';
import { errorFields, log } from '../log';
import type { RevocationConfig } from '../net/revocation';
import { createTrustedFetch, type TrustedFetch } from '../net/trusted-fetch';
import { ContactsQueries } from '../store/contacts-queries';
import type { StoreReader } from '../store/reader';
import { searchFhirDirectory } from './fhir-client';

export interface DirectoryDeps {
  /** Cache reader and the account ids the person may open (null when locked). */
  contacts(): { reader: StoreReader; accountIds: number[] } | null;
  settings(): Promise<{ directoryUrl: string; apiKey: string | null }>;
  extraCa: Buffer[];
  /** CRL check of the API's chain (runtime revocation settings). */
  revocation?: RevocationConfig;
  testMode: boolean;
  /** The list in use (the app's TrustListService); default: the official copy, read once. */
  trustList?: () => Promise<TrustList>;
  fetch?: TrustedFetch;
}

const MAX_RESULTS = 30;

export class DirectoryService {
  private trust: TrustList | null = null;
  private readonly fetch: TrustedFetch;

  constructor(private readonly deps: DirectoryDeps) {
    // The Annuaire Santé API presents an IGC-Santé certificate: verified against the configured roots
    // (IGC-Santé in production) and their CRLs only, never an OS-store CA.
    this.fetch = deps.fetch ?? createTrustedFetch({ extraCa: deps.extraCa, includeSystemRoots: false, revocation: deps.revocation, timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024 });
  }

  private async list(): Promise<TrustList> {
    if (this.deps.trustList) return this.deps.trustList();
    if (!this.trust) {
      try {
        this.trust = loadOfficialTrustList();
      } catch (err) {
        log.warn('directory.trust-list-unavailable', errorFields(err));
        this.trust = EMPTY_TRUST_LIST;
      }
    }
    return this.trust;
  }

  async isTrusted(address: string): Promise<boolean> {
    const domain = address.split('@')[1] ?? '';
    return isDomainTrusted(domain, await this.list(), this.deps.testMode);
  }

  /** `balTypes` keeps only those BAL types (filtered here: the directory is not asked). */
  async search(q: string, options: { balTypes?: readonly BalType[] } = {}): Promise<DirectoryEntry[]> {
    const query = q.trim();
    const local = this.deps.contacts();
    const contacts = local ? new ContactsQueries(local.reader).seenContacts(local.accountIds, query, 15) : [];
    const { directoryUrl, apiKey } = await this.deps.settings();
    let directoryError: unknown = null;
    const fromDirectory = await searchFhirDirectory(query, { baseUrl: directoryUrl, apiKey, fetch: this.fetch, ...(options.balTypes ? { balTypes: options.balTypes } : {}) }).catch((err: unknown) => {
      directoryError = err;
      return [];
    });
    // Without the directory, the person's correspondents still help; with none of them, say why.
    if (directoryError && contacts.length === 0) throw directoryError instanceof UserError ? directoryError : new Error('directory failed');
    const out: DirectoryEntry[] = [];
    const seen = new Set<string>();
    const trust = await this.list();
    const trusted = (address: string) => isDomainTrusted(address.split('@')[1] ?? '', trust, this.deps.testMode);
    for (const h of fromDirectory) {
      seen.add(h.address.toLowerCase());
      out.push({ ...h, source: 'directory', trusted: trusted(h.address) });
    }
    for (const c of options.balTypes ? [] : contacts) {
      if (seen.has(c.address.toLowerCase())) continue;
      seen.add(c.address.toLowerCase());
      out.push({ name: c.name ?? c.address, profession: null, city: null, address: c.address, balType: null, source: 'contacts', trusted: trusted(c.address) });
    }
    return out.slice(0, MAX_RESULTS);
  }
}
