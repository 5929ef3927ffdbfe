// MSSanté trust list (liste blanche): domains at //Domaine/Nom. A bundled copy ships in data/;
// refreshTrustList() tries the public list with a short timeout and falls back to what it was given.
import fs from 'node:fs';
import { dataFile } from './data-dir';
import { AutoconfigError, toAutoconfigError } from './errors';
import { fetchHttps } from './fetch-https';
import type { NetOptions, Warning } from './types';
import { childrenOf, parseXml, textOf, type XmlElement } from './xml';

export const TRUST_LIST_URL = 'https://espacedeconfiance.mssante.fr/listeblanchemssante.xml';
export const TRUST_LIST_FILE = 'listeblanchemssante.xml';
/** Sandbox domains, trusted in test mode only. */
export const TEST_DOMAINS = ['test.mssante.fr'];
const MAX_TRUST_LIST_BYTES = 8 * 1024 * 1024;

export interface TrustList {
  domains: ReadonlySet<string>;
  origin: 'bundled' | 'remote' | 'custom';
  /** ISO date of the fetch (remote) or of the file. */
  updatedAt?: string;
}

function collectDomains(el: XmlElement, out: Set<string>): void {
  for (const [key, value] of Object.entries(el)) {
    if (!Array.isArray(value)) continue;
    for (const child of value) {
      if (key === 'Domaine' || key.endsWith(':Domaine')) {
        for (const nom of [...childrenOf(child, 'Nom'), ...Object.entries(child).filter(([k]) => k.endsWith(':Nom')).flatMap(([, v]) => (Array.isArray(v) ? v : []))]) {
          const d = textOf(nom)?.toLowerCase().replace(/\.$/, '');
          if (d && /^[a-z0-9.-]+$/.test(d)) out.add(d);
        }
      }
      collectDomains(child, out);
    }
  }
}

export function parseTrustList(xml: Buffer | string, origin: TrustList['origin'], updatedAt?: string): TrustList {
  const doc = parseXml(xml, 'Liste de confiance MSSanté', MAX_TRUST_LIST_BYTES);
  const domains = new Set<string>();
  for (const roots of Object.values(doc)) for (const r of roots) collectDomains(r, domains);
  if (!domains.size) {
    throw new AutoconfigError('trust-list-invalid', 'La liste de confiance MSSanté reçue ne contient aucun domaine : elle est ignorée.');
  }
  // The public list's own date, when it has one, says more than a file time.
  const root = Object.values(doc)[0]?.[0];
  const dated = textOf(root?.DateMiseAJour?.[0] as XmlElement | undefined);
  return { domains, origin, updatedAt: origin === 'remote' ? updatedAt : dated && /^\d{4}-\d{2}-\d{2}/.test(dated) ? dated : updatedAt };
}

export function loadBundledTrustList(file = dataFile(TRUST_LIST_FILE)): TrustList {
  const stat = fs.statSync(file);
  return parseTrustList(fs.readFileSync(file), 'bundled', stat.mtime.toISOString());
}

export function isDomainTrusted(domain: string, list: TrustList, testMode: boolean): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  if (testMode && TEST_DOMAINS.includes(d)) return true;
  // Test domains are never trusted outside test mode, even if a list names them.
  if (!testMode && TEST_DOMAINS.includes(d)) return false;
  return list.domains.has(d);
}

const REFRESH_REASONS: Partial<Record<string, string>> = {
  timeout: 'délai dépassé', 'dns-failure': 'nom introuvable', 'tls-error': 'certificat refusé', 'private-address': 'adresse locale ou privée refusée',
  'http-status': 'réponse HTTP inattendue', 'trust-list-invalid': 'liste vide', 'xml-malformed': 'document mal formé', 'xml-doctype': 'document refusé',
  'response-too-large': 'document trop volumineux',
};

export interface RefreshOptions extends NetOptions {
  url?: string;
  /** The list to keep when the refresh fails (default: bundled). */
  fallback?: TrustList;
}

/** Fetches the public trust list (short timeout). Never throws: on failure returns the fallback and a warning. */
export async function refreshTrustList(opts: RefreshOptions): Promise<{ list: TrustList; warning?: Warning }> {
  const fallback = opts.fallback ?? loadBundledTrustList();
  try {
    const res = await fetchHttps(opts.url ?? TRUST_LIST_URL, { ...opts, timeoutMs: opts.timeoutMs ?? 3000 }, {
      maxBytes: MAX_TRUST_LIST_BYTES, what: 'Liste de confiance MSSanté',
    });
    return { list: parseTrustList(res.body, 'remote', new Date().toISOString()) };
  } catch (e) {
    const err = toAutoconfigError(e, 'Liste de confiance MSSanté');
    const reason = REFRESH_REASONS[err.code] ?? 'serveur injoignable';
    return {
      list: fallback,
      warning: {
        code: 'trust-list-stale',
        message: `La liste de confiance MSSanté n'a pas pu être mise à jour (${reason}) : la copie ${fallback.origin === 'bundled' ? 'fournie avec le logiciel' : 'enregistrée'}${fallback.updatedAt ? ` du ${fallback.updatedAt.slice(0, 10)}` : ''} est utilisée.`,
      },
    };
  }
}
