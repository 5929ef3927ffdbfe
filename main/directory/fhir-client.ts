// Annuaire Santé FHIR client: https only through the app's trust store, API key in the ESANTE-API-KEY
// header, time- and size-limited, zod-validated Bundles → one entry per MSSanté BAL.
// BALs live on Practitioner (PER), PractitionerRole (CAB…) and Organization (ORG, APP) telecoms: each type is
// searched by its own GET (no batch), then merged. `mailbox-mss` matches every telecom value, so only
// ContactPoints whose FR Core e-mail type is MSSANTE are kept; the BAL type is filtered here, client-side.
// Shapes and sources: docs/ans-sources.md.
import type { BalType } from '../../shared/types';
import type { TrustedFetch } from '../net/trusted-fetch';
import { findRevocationError, ServerCertificateRevokedError } from '../net/revocation';
import { isCertificateError } from '../net/trust';
import { directoryCertificate, directoryInvalid, directoryKeyRefused, directoryNoKey, directoryUnavailable } from './errors';
import {
  bundleSchema, directoryResourceSchema, type FhirDirectoryResource, type FhirOrganization, type FhirPractitioner, type FhirPractitionerRole,
} from './fhir-schema';

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
  /** Keep only these BAL types (client-side; absent = all). */
  balTypes?: readonly BalType[];
}

/** FR Core ContactPoint e-mail type extension; the MSSanté code of TRE_R256-TypeMessagerie. */
export const EMAIL_TYPE_EXTENSION = 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type';
export const MSSANTE_EMAIL_TYPE = 'MSSANTE';
/** as-ext-mailbox-mss-metadata (IG Annuaire Santé); older publications used another base, same name. */
const MAILBOX_EXT = /mailbox-mss-metadata$/;
const PLAIN_ADDRESS = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const PROFESSION_SYSTEM = /ProfessionSante|TRE_G15/i;
const BAL_TYPES: readonly BalType[] = ['PER', 'ORG', 'APP', 'CAB'];

type Telecom = NonNullable<FhirPractitioner['telecom']>[number];

function titleCase(city: string | undefined): string | null {
  return city ? city.charAt(0) + city.slice(1).toLowerCase() : null;
}

function isMssEmail(t: Telecom): boolean {
  const type = t.extension?.find((e) => e.url === EMAIL_TYPE_EXTENSION)?.valueCoding;
  return t.system === 'email' && type?.code === MSSANTE_EMAIL_TYPE;
}

/** One hit per published MSSanté BAL of a telecom list; `person` names PER boxes, `fallback` the others. */
function mailboxHits(telecom: Telecom[] | undefined, ctx: { person: string; profession: string | null; city: string | null; fallback: string }): DirectoryHit[] {
  const hits: DirectoryHit[] = [];
  for (const t of telecom ?? []) {
    // A plain address only: no display name, spaces or line breaks (the value ends up in a recipient field).
    if (!isMssEmail(t) || !t.value || !PLAIN_ADDRESS.test(t.value.trim())) continue;
    const meta = t.extension?.find((e) => MAILBOX_EXT.test(e.url));
    const field = (name: string) => meta?.extension?.find((x) => x.url === name);
    if (field('listeRouge')?.valueBoolean === true || field('publication')?.valueBoolean === false) continue;
    const typeCode = field('type')?.valueCodeableConcept?.coding?.[0]?.code ?? field('type')?.valueCoding?.code;
    const balType = typeCode && (BAL_TYPES as string[]).includes(typeCode) ? (typeCode as BalType) : null;
    const description = field('description')?.valueString ?? null;
    hits.push({
      name: balType && balType !== 'PER' ? description || ctx.fallback || ctx.person || t.value : ctx.person || description || t.value,
      profession: ctx.profession,
      city: ctx.city,
      address: t.value.trim(),
      balType,
    });
  }
  return hits;
}

function personName(p: FhirPractitioner): string {
  const n = p.name?.[0];
  const given = n?.given?.join(' ') ?? '';
  const family = (n?.family ?? '').toUpperCase();
  const prefix = n?.prefix?.[0] ? (/^dr$/i.test(n.prefix[0]) ? 'Dr' : n.prefix[0]) : '';
  return [prefix, given, family].filter(Boolean).join(' ') || n?.text || '';
}

function professionOf(codes: Array<{ coding?: Array<{ system?: string; display?: string }> }> | undefined): string | null {
  return codes?.flatMap((c) => c.coding ?? []).find((c) => PROFESSION_SYSTEM.test(c.system ?? ''))?.display ?? null;
}

/** One entry per BAL of the practitioner (listeRouge / unpublished / non-MSSanté e-mails left out). */
export function practitionerHits(p: FhirPractitioner): DirectoryHit[] {
  const person = personName(p);
  return mailboxHits(p.telecom, { person, profession: professionOf(p.qualification?.map((q) => q.code ?? {})), city: titleCase(p.address?.find((a) => a.city)?.city), fallback: person });
}

export function practitionerRoleHits(r: FhirPractitionerRole, practitioner?: FhirPractitioner): DirectoryHit[] {
  const person = practitioner ? personName(practitioner) : r.practitioner?.display ?? '';
  const city = titleCase(practitioner?.address?.find((a) => a.city)?.city);
  return mailboxHits(r.telecom, { person, profession: professionOf(r.code) ?? (practitioner ? professionOf(practitioner.qualification?.map((q) => q.code ?? {})) : null), city, fallback: person });
}

export function organizationHits(o: FhirOrganization): DirectoryHit[] {
  return mailboxHits(o.telecom, { person: '', profession: null, city: titleCase(o.address?.find((a) => a.city)?.city), fallback: o.name ?? '' });
}

async function fetchBundle(url: string, o: FhirSearchOptions): Promise<FhirDirectoryResource[]> {
  if (!/^https:\/\//i.test(url)) throw directoryUnavailable();
  let res: Response;
  try {
    res = await o.fetch(url, { headers: { accept: 'application/fhir+json', 'ESANTE-API-KEY': o.apiKey ?? '' } });
  } catch (err) {
    // A certificate outside the IGC-Santé roots, or a revoked / unverifiable chain, is said as such.
    const revocation = findRevocationError(err);
    if (revocation || isCertificateError(err)) throw Object.assign(directoryCertificate(revocation instanceof ServerCertificateRevokedError), { cause: err });
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
  const out: FhirDirectoryResource[] = [];
  for (const e of bundle.data.entry ?? []) {
    const r = directoryResourceSchema.safeParse(e.resource);
    if (r.success && r.data.active !== false) out.push(r.data);
  }
  return out;
}

function query(base: string, type: string, params: Array<[string, string]>): string {
  return `${base}/${type}?${new URLSearchParams(params).toString()}`;
}

export async function searchFhirDirectory(q: string, o: FhirSearchOptions): Promise<DirectoryHit[]> {
  if (!o.apiKey) throw directoryNoKey();
  const base = o.baseUrl.replace(/\/+$/, '');
  const count = String(Math.min(50, o.count ?? 20));
  const text = q.trim();
  const words = text.split(/\s+/).filter(Boolean).slice(0, 3);
  const byName: Array<[string, string]> = [...words.map((w): [string, string] => ['name', w]), ['_count', count]];
  const urls: string[] = [];
  if (!text.includes('@')) urls.push(query(base, 'Practitioner', byName), query(base, 'Organization', byName));
  if (words.length === 1 && text.length >= 3) {
    for (const type of ['Practitioner', 'PractitionerRole', 'Organization']) urls.push(query(base, type, [['mailbox-mss:contains', text], ['_count', count]]));
  }
  const found = (await Promise.all(urls.map((u) => fetchBundle(u, o)))).flat();

  // The roles (cabinet BALs…) of the practitioners found by name: one more GET, by reference.
  const practitioners = new Map<string, FhirPractitioner>();
  for (const r of found) if (r.resourceType === 'Practitioner' && r.id) practitioners.set(`Practitioner/${r.id}`, r);
  const roles = practitioners.size
    ? await fetchBundle(query(base, 'PractitionerRole', [['practitioner', [...practitioners.keys()].slice(0, 50).join(',')], ['_count', count]]), o)
    : [];

  const hits: DirectoryHit[] = [];
  for (const r of [...found, ...roles]) {
    if (r.resourceType === 'Practitioner') hits.push(...practitionerHits(r));
    else if (r.resourceType === 'PractitionerRole') hits.push(...practitionerRoleHits(r, practitioners.get(r.practitioner?.reference ?? '')));
    else hits.push(...organizationHits(r));
  }
  const seen = new Set<string>();
  const out: DirectoryHit[] = [];
  for (const h of hits) {
    const k = h.address.toLowerCase();
    if (seen.has(k)) continue;
    if (o.balTypes && !(h.balType && o.balTypes.includes(h.balType))) continue;
    seen.add(k);
    out.push(h);
  }
  return out;
}
