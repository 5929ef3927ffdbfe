// Annuaire Santé FHIR client (Practitioner search): https only through the app's trust store, API key in
// the ESANTE-API-KEY header, time- and size-limited, zod-validated Bundle → one entry per MSSanté BAL.
import type { BalType } from '../../shared/types';
import type { TrustedFetch } from '../net/trusted-fetch';
import { directoryInvalid, directoryKeyRefused, directoryNoKey, directoryUnavailable } from './errors';
import { bundleSchema, practitionerSchema, type FhirPractitioner } from './fhir-schema';

export interface DirectoryHit {
  name: string;
  profession: string | null;
  city: string | null;
  address: string;
  balType: BalType | null;
}

export interface FhirSearchOptions {
  baseUrl: string;
  apiKey: string | null;
  fetch: TrustedFetch;
  count?: number;
}

const MAILBOX_EXT = /mailbox-mss-metadata$/;
const PLAIN_ADDRESS = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const PROFESSION_SYSTEM = /ProfessionSante|TRE_G15/i;

/** One entry per BAL of the practitioner (listeRouge / unpublished mailboxes left out). */
export function practitionerHits(p: FhirPractitioner): DirectoryHit[] {
  const n = p.name?.[0];
  const given = n?.given?.join(' ') ?? '';
  const family = (n?.family ?? '').toUpperCase();
  const prefix = n?.prefix?.[0] ? (/^dr$/i.test(n.prefix[0]) ? 'Dr' : n.prefix[0]) : '';
  const person = [prefix, given, family].filter(Boolean).join(' ') || n?.text || '';
  const profession = p.qualification?.flatMap((q) => q.code?.coding ?? []).find((c) => PROFESSION_SYSTEM.test(c.system ?? ''))?.display ?? null;
  const city = p.address?.find((a) => a.city)?.city ?? null;
  const hits: DirectoryHit[] = [];
  for (const t of p.telecom ?? []) {
    // A plain address only: no display name, spaces or line breaks (the value ends up in a recipient field).
    if (t.system !== 'email' || !t.value || !PLAIN_ADDRESS.test(t.value.trim())) continue;
    const meta = t.extension?.find((e) => MAILBOX_EXT.test(e.url));
    const field = (name: string) => meta?.extension?.find((x) => x.url === name);
    if (!meta && !/\.mssante\.fr$/i.test(t.value)) continue;
    if (field('listeRouge')?.valueBoolean === true || field('publication')?.valueBoolean === false) continue;
    const typeCode = field('type')?.valueCodeableConcept?.coding?.[0]?.code ?? field('type')?.valueCoding?.code;
    const balType = typeCode && ['PER', 'ORG', 'APP', 'CAB'].includes(typeCode) ? (typeCode as BalType) : null;
    const description = field('description')?.valueString ?? null;
    hits.push({
      name: balType && balType !== 'PER' && description ? description : person || description || t.value,
      profession,
      city: city ? city.charAt(0) + city.slice(1).toLowerCase() : null,
      address: t.value.trim(),
      balType,
    });
  }
  return hits;
}

function searchUrls(baseUrl: string, q: string, count: number): string[] {
  const base = baseUrl.replace(/\/+$/, '');
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 3);
  const urls: string[] = [];
  const byName = new URLSearchParams();
  for (const w of words) byName.append('name', w);
  byName.set('_count', String(count));
  if (!q.includes('@')) urls.push(`${base}/Practitioner?${byName.toString()}`);
  if (words.length === 1 && q.trim().length >= 3) {
    urls.push(`${base}/Practitioner?${new URLSearchParams({ 'mailbox-mss:contains': q.trim(), _count: String(count) }).toString()}`);
  }
  return urls;
}

async function fetchBundle(url: string, o: FhirSearchOptions): Promise<DirectoryHit[]> {
  if (!/^https:\/\//i.test(url)) throw directoryUnavailable();
  let res: Response;
  try {
    res = await o.fetch(url, { headers: { accept: 'application/fhir+json', 'ESANTE-API-KEY': o.apiKey ?? '' } });
  } catch (err) {
    throw Object.assign(directoryUnavailable(), { cause: err });
  }
  if (res.status === 401 || res.status === 403) throw directoryKeyRefused();
  if (res.status !== 200) throw directoryUnavailable();
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw directoryInvalid();
  }
  const bundle = bundleSchema.safeParse(json);
  if (!bundle.success) throw directoryInvalid();
  const hits: DirectoryHit[] = [];
  for (const e of bundle.data.entry ?? []) {
    const p = practitionerSchema.safeParse(e.resource);
    if (p.success && p.data.active !== false) hits.push(...practitionerHits(p.data));
  }
  return hits;
}

export async function searchFhirDirectory(q: string, o: FhirSearchOptions): Promise<DirectoryHit[]> {
  if (!o.apiKey) throw directoryNoKey();
  const results = await Promise.all(searchUrls(o.baseUrl, q, Math.min(50, o.count ?? 20)).map((u) => fetchBundle(u, o)));
  const seen = new Set<string>();
  const out: DirectoryHit[] = [];
  for (const h of results.flat()) {
    const k = h.address.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(h);
  }
  return out;
}
