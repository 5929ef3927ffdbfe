// Local stand-in for the Annuaire Santé FHIR API (base /fhir/v2), FHIR R4 resources as the ANS API returns
// them (IG "Annuaire Santé": telecom ContactPoints with the FR Core e-mail type extension and the
// as-ext-mailbox-mss-metadata extension). BALs live on Practitioner (PER), PractitionerRole (CAB) and
// Organization (ORG, APP). Search per resource type, GET only (no batch):
//  - Practitioner: name, family, given, identifier, _id;  Organization: name (word prefix), identifier, _id;
//  - PractitionerRole: practitioner (comma-separated references), _id;
//  - all three: mailbox-mss (exact) and mailbox-mss:contains on telecom.value — every telecom, e-mail or not,
//    as the IG's SearchParameter does (the client keeps the MSSANTE e-mail type itself); _count/_offset.
// Requires an ESANTE-API-KEY header (any non-empty value). Data: sandbox/fixtures/annuaire.json.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REPO_ROOT } from '../config';
import { requestUrl, sendJson } from '../node/http-util';

export const FHIR_BASE_PATH = '/fhir/v2';
export const ANNUAIRE_FIXTURE = path.join(REPO_ROOT, 'sandbox', 'fixtures', 'annuaire.json');
const MAX_COUNT = 50;
const TYPES = ['Practitioner', 'PractitionerRole', 'Organization'] as const;
type ResourceType = (typeof TYPES)[number];

interface FhirResource {
  resourceType: ResourceType;
  id: string;
  identifier?: Array<{ value?: string }>;
  name?: Array<{ family?: string; given?: string[] }> | string;
  practitioner?: { reference?: string };
  telecom?: Array<{ system?: string; value?: string }>;
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function loadResources(file = ANNUAIRE_FIXTURE): FhirResource[] {
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as { entry?: Array<{ resource: FhirResource }> };
  return (bundle.entry ?? []).map((e) => e.resource).filter((r) => (TYPES as readonly string[]).includes(r.resourceType));
}

export function loadPractitioners(file = ANNUAIRE_FIXTURE): FhirResource[] {
  return loadResources(file).filter((r) => r.resourceType === 'Practitioner');
}

function outcome(res: ServerResponse, status: number, code: string, text: string): void {
  sendJson(
    res,
    status,
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] },
    { 'content-type': 'application/fhir+json; charset=utf-8' },
  );
}

/** FHIR string search: case/accent-insensitive "starts with" on any of the values. */
function startsWithAny(values: string[], query: string): boolean {
  const q = fold(query);
  return values.some((v) => fold(v).startsWith(q));
}

/** telecom.value of every ContactPoint (the IG's mailbox-mss expression: not only MSSanté e-mails). */
function telecomValues(r: FhirResource): string[] {
  return (r.telecom ?? []).filter((t) => t.value).map((t) => (t.value as string).toLowerCase());
}

function personNames(r: FhirResource): Array<{ family?: string; given?: string[] }> {
  return Array.isArray(r.name) ? r.name : [];
}

type Filter = (r: FhirResource) => boolean;

function buildFilters(type: ResourceType, params: URLSearchParams): Filter[] | string {
  const filters: Filter[] = [];
  for (const [key, raw] of params) {
    const value = raw.trim();
    if (key === 'name' && type === 'Practitioner') {
      filters.push((r) => startsWithAny(personNames(r).flatMap((n) => [n.family ?? '', ...(n.given ?? [])]), value));
    } else if (key === 'name' && type === 'Organization') {
      filters.push((r) => startsWithAny(typeof r.name === 'string' ? r.name.split(/[\s'’–-]+/) : [], value));
    } else if (key === 'family' && type === 'Practitioner') {
      filters.push((r) => startsWithAny(personNames(r).map((n) => n.family ?? ''), value));
    } else if (key === 'given' && type === 'Practitioner') {
      filters.push((r) => startsWithAny(personNames(r).flatMap((n) => n.given ?? []), value));
    } else if (key === 'practitioner' && type === 'PractitionerRole') {
      const refs = value.split(',').map((v) => (v.includes('/') ? v : `Practitioner/${v}`));
      filters.push((r) => refs.includes(r.practitioner?.reference ?? ''));
    } else if (key === 'identifier' && type !== 'PractitionerRole') {
      const v = value.includes('|') ? value.slice(value.indexOf('|') + 1) : value;
      filters.push((r) => (r.identifier ?? []).some((i) => i.value === v));
    } else if (key === 'mailbox-mss') {
      filters.push((r) => telecomValues(r).includes(value.toLowerCase()));
    } else if (key === 'mailbox-mss:contains') {
      filters.push((r) => telecomValues(r).some((m) => m.includes(value.toLowerCase())));
    } else if (key === '_id') {
      filters.push((r) => r.id === value);
    } else if (!['_count', '_offset', '_format', '_total'].includes(key)) {
      return key;
    }
  }
  return filters;
}

export function createFhirHandler(opts: { baseUrl: string; log: (line: string) => void; fixture?: string }) {
  const resources = loadResources(opts.fixture);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req);
    const apiKey = req.headers['esante-api-key'];
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      outcome(res, 401, 'security', "Clé d'API manquante : renseignez l'en-tête ESANTE-API-KEY.");
      return;
    }
    if (req.method !== 'GET') {
      outcome(res, 405, 'not-supported', 'Only GET is supported');
      return;
    }
    const rel = url.pathname.startsWith(FHIR_BASE_PATH) ? url.pathname.slice(FHIR_BASE_PATH.length) : null;
    if (rel === '/metadata') {
      sendJson(res, 200, {
        resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'],
        rest: [{ mode: 'server', resource: TYPES.map((type) => ({ type, interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: ['mailbox-mss', '_id', ...(type === 'PractitionerRole' ? ['practitioner'] : ['name', 'identifier'])].map((name) => ({ name, type: name === 'practitioner' ? 'reference' : 'string' })) })) }],
      }, { 'content-type': 'application/fhir+json; charset=utf-8' });
      return;
    }
    const read = rel ? /^\/(Practitioner|PractitionerRole|Organization)\/([A-Za-z0-9\-.]{1,64})$/.exec(rel) : null;
    if (read) {
      const found = resources.find((r) => r.resourceType === read[1] && r.id === read[2]);
      if (found) sendJson(res, 200, found, { 'content-type': 'application/fhir+json; charset=utf-8' });
      else outcome(res, 404, 'not-found', `${read[1]}/${read[2]} inconnu`);
      return;
    }
    const type = TYPES.find((t) => rel === `/${t}` || rel === `/${t}/`);
    if (!type) {
      outcome(res, 404, 'not-found', 'Ressource inconnue');
      return;
    }
    const filters = buildFilters(type, url.searchParams);
    if (typeof filters === 'string') {
      outcome(res, 400, 'not-supported', `Paramètre de recherche non pris en charge : ${filters}`);
      return;
    }
    const count = Math.min(Math.max(Number(url.searchParams.get('_count') ?? MAX_COUNT) || MAX_COUNT, 0), MAX_COUNT);
    const offset = Math.max(Number(url.searchParams.get('_offset') ?? 0) || 0, 0);
    const matches = resources.filter((r) => r.resourceType === type && filters.every((f) => f(r)));
    const pageItems = matches.slice(offset, offset + count);
    const self = new URL(`${opts.baseUrl}${FHIR_BASE_PATH}/${type}`);
    url.searchParams.forEach((v, k) => self.searchParams.append(k, v));
    const link = [{ relation: 'self', url: self.toString() }];
    if (offset + count < matches.length && count > 0) {
      const next = new URL(self);
      next.searchParams.set('_offset', String(offset + count));
      next.searchParams.set('_count', String(count));
      link.push({ relation: 'next', url: next.toString() });
    }
    sendJson(
      res,
      200,
      {
        resourceType: 'Bundle',
        id: crypto.randomUUID(),
        meta: { lastUpdated: new Date().toISOString() },
        type: 'searchset',
        total: matches.length,
        link,
        entry: pageItems.map((p) => ({
          fullUrl: `${opts.baseUrl}${FHIR_BASE_PATH}/${type}/${p.id}`,
          resource: p,
          search: { mode: 'match' },
        })),
      },
      { 'content-type': 'application/fhir+json; charset=utf-8' },
    );
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    try {
      handle(req, res);
    } catch (err) {
      opts.log(`fhir handler error: ${(err as Error).message}`);
      if (!res.headersSent) outcome(res, 500, 'exception', 'Erreur interne');
    }
  };
}
