// Local stand-in for the Annuaire Santé FHIR API (base /fhir/v2): Practitioner search by name, family,
// given, identifier, mailbox-mss (exact) and mailbox-mss:contains, with _count/_offset paging.
// Requires an ESANTE-API-KEY header (any non-empty value). Data: sandbox/fixtures/annuaire.json.
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REPO_ROOT } from '../config';
import { requestUrl, sendJson } from '../node/http-util';

export const FHIR_BASE_PATH = '/fhir/v2';
export const ANNUAIRE_FIXTURE = path.join(REPO_ROOT, 'sandbox', 'fixtures', 'annuaire.json');
const MAX_COUNT = 50;

interface FhirPractitioner {
  resourceType: 'Practitioner';
  id: string;
  identifier?: Array<{ value?: string }>;
  name?: Array<{ family?: string; given?: string[] }>;
  telecom?: Array<{ system?: string; value?: string }>;
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function loadPractitioners(file = ANNUAIRE_FIXTURE): FhirPractitioner[] {
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as { entry?: Array<{ resource: FhirPractitioner }> };
  return (bundle.entry ?? []).map((e) => e.resource).filter((r) => r.resourceType === 'Practitioner');
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

function mailboxes(p: FhirPractitioner): string[] {
  return (p.telecom ?? []).filter((t) => t.system === 'email' && t.value).map((t) => (t.value as string).toLowerCase());
}

type Filter = (p: FhirPractitioner) => boolean;

function buildFilters(params: URLSearchParams): Filter[] | string {
  const filters: Filter[] = [];
  for (const [key, raw] of params) {
    const value = raw.trim();
    switch (key) {
      case 'name':
        filters.push((p) => startsWithAny((p.name ?? []).flatMap((n) => [n.family ?? '', ...(n.given ?? [])]), value));
        break;
      case 'family':
        filters.push((p) => startsWithAny((p.name ?? []).map((n) => n.family ?? ''), value));
        break;
      case 'given':
        filters.push((p) => startsWithAny((p.name ?? []).flatMap((n) => n.given ?? []), value));
        break;
      case 'identifier': {
        const v = value.includes('|') ? value.slice(value.indexOf('|') + 1) : value;
        filters.push((p) => (p.identifier ?? []).some((i) => i.value === v));
        break;
      }
      case 'mailbox-mss':
        filters.push((p) => mailboxes(p).includes(value.toLowerCase()));
        break;
      case 'mailbox-mss:contains':
        filters.push((p) => mailboxes(p).some((m) => m.includes(value.toLowerCase())));
        break;
      case '_id':
        filters.push((p) => p.id === value);
        break;
      case '_count':
      case '_offset':
      case '_format':
      case '_total':
        break;
      default:
        return key;
    }
  }
  return filters;
}

export function createFhirHandler(opts: { baseUrl: string; log: (line: string) => void; fixture?: string }) {
  const practitioners = loadPractitioners(opts.fixture);
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
        rest: [{ mode: 'server', resource: [{ type: 'Practitioner', interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: ['name', 'family', 'given', 'identifier', 'mailbox-mss', '_id'].map((name) => ({ name, type: 'string' })) }] }],
      }, { 'content-type': 'application/fhir+json; charset=utf-8' });
      return;
    }
    const read = rel ? /^\/Practitioner\/([A-Za-z0-9\-.]{1,64})$/.exec(rel) : null;
    if (read) {
      const found = practitioners.find((p) => p.id === read[1]);
      if (found) sendJson(res, 200, found, { 'content-type': 'application/fhir+json; charset=utf-8' });
      else outcome(res, 404, 'not-found', `Practitioner/${read[1]} inconnu`);
      return;
    }
    if (rel !== '/Practitioner' && rel !== '/Practitioner/') {
      outcome(res, 404, 'not-found', 'Ressource inconnue');
      return;
    }
    const filters = buildFilters(url.searchParams);
    if (typeof filters === 'string') {
      outcome(res, 400, 'not-supported', `Paramètre de recherche non pris en charge : ${filters}`);
      return;
    }
    const count = Math.min(Math.max(Number(url.searchParams.get('_count') ?? MAX_COUNT) || MAX_COUNT, 0), MAX_COUNT);
    const offset = Math.max(Number(url.searchParams.get('_offset') ?? 0) || 0, 0);
    const matches = practitioners.filter((p) => filters.every((f) => f(p)));
    const pageItems = matches.slice(offset, offset + count);
    const self = new URL(`${opts.baseUrl}${FHIR_BASE_PATH}/Practitioner`);
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
          fullUrl: `${opts.baseUrl}${FHIR_BASE_PATH}/Practitioner/${p.id}`,
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
