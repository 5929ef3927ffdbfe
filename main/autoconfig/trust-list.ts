// The MSSanté trust list (liste blanche) as the app uses it: an index by domain (O(1) lookups over 5,000+
// domains, several entries per domain: one per operator certificate), the list's own date
// (DateDeGeneration), and where it came from. The official copy is ANS's file in the reference data
// folder (trust-list/, named with its SHA-256 in data/trust-list.json); refreshTrustList() fetches the
// published list (and its checksum when configured) and keeps the last good copy in the profile.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dataDir, sharedDataDir } from './data-dir';
import { AutoconfigError, toAutoconfigError } from './errors';
import { fetchHttps } from './fetch-https';
import { MAX_TRUST_LIST_BYTES, parseTrustListXml, type ParsedTrustList, type TrustListEntry } from './trust-list-xml';
import type { NetOptions, Warning } from './types';

export type { TrustListEntry } from './trust-list-xml';

export const TRUST_LIST_URL = 'https://espacedeconfiance.mssante.fr/listeblanchemssante.xml';
export const TRUST_LIST_FOLDER = 'trust-list';
export const TRUST_LIST_MANIFEST = 'trust-list.json';
/** Sandbox domains, trusted in test mode only. */
export const TEST_DOMAINS = ['test.mssante.fr'];

export interface TrustList {
  /** Lower-case domain (no trailing dot) → its entries. */
  domains: ReadonlyMap<string, readonly TrustListEntry[]>;
  /** DateDeGeneration of the list (ISO 8601); null only for an empty placeholder. */
  generatedAt: string | null;
  /** official: ANS's file shipped with the app; last-good: the copy kept from a refresh; remote: just fetched. */
  origin: 'official' | 'last-good' | 'remote' | 'custom';
  sha256: string | null;
}

/** What the app shows about a domain of the list. */
export interface TrustListInfo {
  domain: string;
  description: string | null;
  /** Operators (O= of DNCertificatOperateur), each once. */
  operators: string[];
  supportContacts: string[];
}

export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

export function indexTrustList(parsed: ParsedTrustList, origin: TrustList['origin'], sha256: string | null): TrustList {
  const domains = new Map<string, TrustListEntry[]>();
  for (const e of parsed.entries) {
    const key = normalizeDomain(e.name);
    const list = domains.get(key);
    if (list) list.push(e);
    else domains.set(key, [e]);
  }
  return { domains, generatedAt: parsed.generatedAt, origin, sha256 };
}

export function sha256Hex(data: Buffer | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Parses and indexes a list (synchronous: tests, the doctor; the app parses in a worker, trust-list-service.ts). */
export function parseTrustList(xml: Buffer | string, origin: TrustList['origin']): TrustList {
  return indexTrustList(parseTrustListXml(xml), origin, sha256Hex(xml));
}

export const EMPTY_TRUST_LIST: TrustList = { domains: new Map(), generatedAt: null, origin: 'custom', sha256: null };

export function isDomainTrusted(domain: string, list: TrustList, testMode: boolean): boolean {
  const d = normalizeDomain(domain);
  if (TEST_DOMAINS.includes(d)) return testMode; // never trusted outside test mode, even if a list names them
  return list.domains.has(d);
}

export function trustListInfo(domain: string, list: TrustList): TrustListInfo | null {
  const entries = list.domains.get(normalizeDomain(domain));
  if (!entries?.length) return null;
  const uniq = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    domain: entries[0]!.name,
    description: entries.find((e) => e.description)?.description ?? null,
    operators: uniq(entries.map((e) => e.operator)),
    supportContacts: uniq(entries.map((e) => e.supportContact)),
  };
}

/** "medecin.mssante.fr — CAPGEMINI TECHNOLOGY SERVICES (Domaine de messagerie Mailiz…)". */
export function trustListLabel(info: TrustListInfo): string {
  const op = info.operators.length ? ` — ${info.operators.join(', ')}` : '';
  return `${info.domain}${op}${info.description ? ` (${info.description})` : ''}`;
}

/** The contract's view of a domain's entry (shared/types TrustDomainInfo), or null when not on the list. */
export function trustDomainView(domain: string, list: TrustList): (TrustListInfo & { label: string }) | null {
  const info = trustListInfo(domain, list);
  return info ? { ...info, label: trustListLabel(info) } : null;
}

/** Who to call when these BALs' operator cannot be reached: the first SupportContact the list gives. */
export function operatorSupport(bals: readonly string[], list: TrustList | null): { operator: string | null; contact: string } | null {
  for (const bal of bals) {
    const info = list ? trustListInfo(bal.split('@')[1] ?? '', list) : null;
    if (info?.supportContacts[0]) return { operator: info.operators[0] ?? null, contact: info.supportContacts[0] };
  }
  return null;
}

/** "13/03/2025": the list's date as shown to the user. */
export function trustListDate(list: Pick<TrustList, 'generatedAt'>): string | null {
  const m = list.generatedAt ? /^(\d{4})-(\d{2})-(\d{2})/.exec(list.generatedAt) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : null;
}

// --- the official copy -------------------------------------------------------------------------------

const manifestSchema = z.object({
  file: z.string().regex(/^[A-Za-z0-9._-]+\.xml$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Folder of ANS's files: MSS_TRUST_LIST_DIR, else <ANS data>/trust-list, else null. */
export function officialTrustListDir(): string | null {
  if (process.env.MSS_TRUST_LIST_DIR) return process.env.MSS_TRUST_LIST_DIR;
  const shared = sharedDataDir();
  return shared ? path.join(shared, TRUST_LIST_FOLDER) : null;
}

/** The official file and the SHA-256 it must have (a folder's own trust-list.json wins over data/'s). */
export function officialTrustListFile(dir = officialTrustListDir()): { file: string; sha256: string } {
  if (!dir) throw new AutoconfigError('trust-list-invalid', 'La liste de confiance MSSanté fournie avec le logiciel est introuvable (dossier des données ANS absent) : réinstallez le logiciel.');
  const own = path.join(dir, TRUST_LIST_MANIFEST);
  const manifestFile = fs.existsSync(own) ? own : path.join(dataDir(), TRUST_LIST_MANIFEST);
  const m = manifestSchema.parse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  return { file: path.join(dir, m.file), sha256: m.sha256 };
}

/** Reads the official file, refusing one whose SHA-256 differs from the recorded one. */
export function readOfficialTrustList(dir = officialTrustListDir()): Buffer {
  const { file, sha256 } = officialTrustListFile(dir);
  const bytes = fs.readFileSync(file);
  if (sha256Hex(bytes) !== sha256) {
    throw new AutoconfigError('trust-list-checksum', `La liste de confiance MSSanté fournie avec le logiciel (${path.basename(file)}) ne correspond pas à son empreinte SHA-256 : elle est ignorée. Réinstallez le logiciel.`);
  }
  return bytes;
}

/** The official list, parsed here (synchronous: the doctor, tests; the app uses TrustListService). */
export function loadOfficialTrustList(dir = officialTrustListDir()): TrustList {
  return parseTrustList(readOfficialTrustList(dir), 'official');
}

// --- the last good copy (profile) ----------------------------------------------------------------------

export const LAST_GOOD_FILE = path.join('trust-list', 'listeblanchemssante.xml');

export function lastGoodPath(profileDir: string): string {
  return path.join(profileDir, LAST_GOOD_FILE);
}

export function saveLastGood(profileDir: string, bytes: Buffer): void {
  const file = lastGoodPath(profileDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
  fs.writeFileSync(tmp, bytes, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function readLastGood(profileDir: string): Buffer | null {
  try {
    return fs.readFileSync(lastGoodPath(profileDir));
  } catch {
    return null;
  }
}

/** The newer of two lists by DateDeGeneration (the official one on a tie). */
export function newerList(official: TrustList | null, lastGood: TrustList | null): TrustList | null {
  if (!official || !lastGood) return official ?? lastGood;
  return Date.parse(lastGood.generatedAt ?? '') > Date.parse(official.generatedAt ?? '') ? lastGood : official;
}

// --- refresh -------------------------------------------------------------------------------------------

const REFRESH_REASONS: Partial<Record<string, string>> = {
  timeout: 'délai dépassé', 'dns-failure': 'nom introuvable', 'tls-error': 'certificat refusé', 'private-address': 'adresse locale ou privée refusée',
  'http-status': 'réponse HTTP inattendue', 'trust-list-invalid': 'liste invalide', 'xml-malformed': 'document mal formé', 'xml-doctype': 'document refusé',
  'response-too-large': 'document trop volumineux', 'trust-list-checksum': 'empreinte SHA-256 différente de celle publiée', 'certificate-revoked': 'certificat révoqué',
  'trust-list-older': 'liste plus ancienne que la copie enregistrée',
};

export interface RefreshOptions extends NetOptions {
  url?: string;
  /** Where ANS publishes the list's SHA-256 (hex, as in checksum-*.txt); when set, a list that differs is refused. */
  checksumUrl?: string;
  /** The list in use, kept when the refresh fails. */
  fallback: TrustList;
  /** Profile folder: a list that passes every check is kept there as the last good copy. */
  profileDir?: string;
  /** Parser (the app's runs in a worker). */
  parse?: (bytes: Buffer) => Promise<ParsedTrustList> | ParsedTrustList;
}

function staleWarning(reason: string, fallback: TrustList): Warning {
  const what = fallback.origin === 'official' ? 'fournie avec le logiciel' : 'enregistrée';
  const date = trustListDate(fallback);
  return {
    code: 'trust-list-stale',
    message: `La liste de confiance MSSanté n'a pas pu être mise à jour (${reason}) : la copie ${what}${date ? ` du ${date}` : ''} est utilisée.`,
  };
}

/** Fetches the published list (short timeout). Never throws: on failure returns the fallback and a warning. */
export async function refreshTrustList(opts: RefreshOptions): Promise<{ list: TrustList; warning?: Warning }> {
  const fallback = opts.fallback;
  const what = 'Liste de confiance MSSanté';
  try {
    const net = { ...opts, timeoutMs: opts.timeoutMs ?? 3000 };
    const res = await fetchHttps(opts.url ?? TRUST_LIST_URL, net, { maxBytes: MAX_TRUST_LIST_BYTES, what });
    const digest = sha256Hex(res.body);
    if (opts.checksumUrl) {
      const sum = await fetchHttps(opts.checksumUrl, net, { maxBytes: 4096, what: `${what} (empreinte)` });
      const published = /\b[0-9a-fA-F]{64}\b/.exec(sum.body.toString('latin1'))?.[0]?.toLowerCase();
      if (published !== digest) throw new AutoconfigError('trust-list-checksum', `${what} : l'empreinte SHA-256 du fichier reçu diffère de celle publiée.`);
    }
    const parsed = await (opts.parse ?? parseTrustListXml)(res.body);
    const list = indexTrustList(parsed, 'remote', digest);
    // An older list replayed by whoever answers must not replace a newer one.
    if (fallback.generatedAt && Date.parse(parsed.generatedAt) < Date.parse(fallback.generatedAt)) {
      throw new AutoconfigError('trust-list-older', `${what} : la liste reçue est plus ancienne que celle utilisée.`);
    }
    if (opts.profileDir) {
      try {
        saveLastGood(opts.profileDir, res.body);
      } catch {
        // the list in memory is still used; the next start falls back to the official copy
      }
    }
    return { list };
  } catch (e) {
    const err = toAutoconfigError(e, what);
    return { list: fallback, warning: staleWarning(REFRESH_REASONS[err.code] ?? 'serveur injoignable', fallback) };
  }
}
