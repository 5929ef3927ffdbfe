// Annuaire Santé FHIR fixture of the sandbox: Practitioner, PractitionerRole and Organization searches in
// the ANS API's shape (FR Core e-mail type, as-ext-mailbox-mss-metadata) and the API key check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN } from '../../../sandbox/config';
import { startTestSandbox, type TestSandbox } from '../psc/helpers';

const MAILBOX_EXT = 'https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata';
const EMAIL_TYPE = 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type';

interface Bundle {
  resourceType: string;
  type: string;
  total: number;
  link: Array<{ relation: string; url: string }>;
  entry?: Array<{ fullUrl: string; resource: Practitioner }>;
}
interface Practitioner {
  resourceType: string;
  id: string;
  name: Array<{ family: string; given: string[] }>;
  telecom?: Array<{ system: string; value: string; use?: string; extension?: Array<{ url: string; valueCoding?: { system: string; code: string }; extension: Array<Record<string, unknown>> }> }>;
  practitioner?: { reference: string };
}

let sb: TestSandbox;

beforeAll(async () => {
  sb = await startTestSandbox();
});

afterAll(async () => {
  await sb?.close();
});

async function search(query: string, apiKey: string | null = 'test-key', type = 'Practitioner'): Promise<{ status: number; body: Bundle }> {
  const res = await sb.fetch(`${sb.urls.fhir}/${type}?${query}`, apiKey === null ? {} : { headers: { 'ESANTE-API-KEY': apiKey } });
  return { status: res.status, body: (await res.json()) as Bundle };
}

const families = (b: Bundle) => (b.entry ?? []).map((e) => e.resource.name[0]!.family).sort();

describe('sandbox FHIR (Annuaire Santé fixture)', () => {
  it('refuses a request without ESANTE-API-KEY with an OperationOutcome', async () => {
    const res = await search('name=martin', null);
    expect(res.status).toBe(401);
    expect(res.body.resourceType).toBe('OperationOutcome');
    const empty = await search('name=martin', '');
    expect(empty.status).toBe(401);
  });

  it('searches by name (family or given, accent-insensitive prefix)', async () => {
    const { status, body } = await search('name=martin');
    expect(status).toBe(200);
    expect(body.resourceType).toBe('Bundle');
    expect(body.type).toBe('searchset');
    expect(families(body)).toEqual(['MARTIN']);
    expect(families((await search('name=lefevre')).body)).toEqual(['LEFÈVRE']);
    expect(families((await search('name=alice')).body)).toEqual(['MARTIN', 'ROUSSEAU']);
  });

  it('searches by family and given, combined with AND', async () => {
    expect(families((await search('family=DURAND')).body)).toEqual(['DURAND', 'DURAND']);
    expect(families((await search('family=durand&given=bob')).body)).toEqual(['DURAND']);
    expect((await search('given=zzz')).body.total).toBe(0);
  });

  it('searches mailbox-mss:contains and returns the mailbox metadata extension', async () => {
    const { body } = await search(`mailbox-mss:contains=${encodeURIComponent('alice.martin@' + DOMAIN)}`);
    expect(body.total).toBe(1);
    const telecom = body.entry![0]!.resource.telecom;
    const bal = telecom!.find((t) => t.value === `alice.martin@${DOMAIN}`)!;
    expect(bal.system).toBe('email');
    expect(bal.use).toBe('work');
    expect(bal.extension!.find((e) => e.url === EMAIL_TYPE)!.valueCoding).toMatchObject({ system: 'https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie', code: 'MSSANTE' });
    const meta = bal.extension!.find((e) => e.url === MAILBOX_EXT)!;
    const type = meta.extension.find((e) => e.url === 'type') as { valueCodeableConcept: { coding: Array<{ code: string }> } };
    expect(type.valueCodeableConcept.coding[0]!.code).toBe('PER');
    expect(meta.extension.find((e) => e.url === 'listeRouge')).toEqual({ url: 'listeRouge', valueBoolean: false });
    expect(meta.extension.find((e) => e.url === 'description')).toBeTruthy();

    const chu = (await search('mailbox-mss:contains=chu-exemple.mssante.fr')).body as Bundle;
    expect(chu.total).toBeGreaterThanOrEqual(5);
    for (const e of chu.entry!) expect(e.resource.telecom!.some((t) => t.value.includes('chu-exemple.mssante.fr'))).toBe(true);
    // The cabinet BAL is on the two doctors' PractitionerRoles, not on their Practitioner resources.
    expect((await search('mailbox-mss:contains=cabinet.saint-roch')).body.total).toBe(0);
    const roles = (await search('mailbox-mss:contains=cabinet.saint-roch', 'k', 'PractitionerRole')).body;
    expect(roles.entry!.map((e) => e.resource.practitioner!.reference).sort()).toEqual(['Practitioner/003-1007919', 'Practitioner/003-1015838']);
    const byRef = (await search('practitioner=Practitioner/003-1007919,003-1015838', 'k', 'PractitionerRole')).body;
    expect(byRef.total).toBe(2);
  });

  it('mailbox-mss matches any telecom value, MSSanté or not (as the IG SearchParameter: telecom.value)', async () => {
    const plain = (await search('mailbox-mss=dr.martin.saint-roch@orange.fr')).body;
    expect(families(plain)).toEqual(['MARTIN']);
    const telecom = plain.entry![0]!.resource.telecom!.find((t) => t.value === 'dr.martin.saint-roch@orange.fr')!;
    expect(telecom.extension).toBeUndefined();
    const apicrypt = plain.entry![0]!.resource.telecom!.find((t) => t.value.endsWith('apicrypt.org'))!;
    expect(apicrypt.extension!.find((e) => e.url === EMAIL_TYPE)!.valueCoding!.code).toBe('APICRYPT');
  });

  it('Organizations carry the ORG and APP BALs; searched by name word or mailbox', async () => {
    const orgs = (await search('name=laboratoire', 'k', 'Organization')).body as unknown as { entry: Array<{ resource: { name: string; telecom: Array<{ value: string }> } }> };
    expect(orgs.entry.map((e) => e.resource.name)).toContain('Laboratoire Saint-Roch – Résultats');
    const accueil = (await search(`mailbox-mss=accueil.centre-sante@${DOMAIN}`, 'k', 'Organization')).body;
    expect(accueil.total).toBe(1);
    expect((await search('family=x', 'k', 'Organization')).status).toBe(400);
  });

  it('pages with _count and a next link', async () => {
    const first = (await search('mailbox-mss:contains=mssante.fr&_count=10')).body as Bundle;
    expect(first.total).toBeGreaterThan(30);
    expect(first.entry).toHaveLength(10);
    const next = first.link.find((l) => l.relation === 'next');
    expect(next).toBeTruthy();
    const res = await sb.fetch(next!.url, { headers: { 'ESANTE-API-KEY': 'k' } });
    const second = (await res.json()) as Bundle;
    expect(second.entry).toHaveLength(10);
    expect(second.entry![0]!.resource.id).not.toBe(first.entry![0]!.resource.id);
    // Default and maximum page size is 50.
    expect((await search('_count=500')).body.entry!.length).toBeLessThanOrEqual(50);
  });

  it('reads one Practitioner and rejects unknown search parameters', async () => {
    const { body } = await search('family=martin');
    const id = body.entry![0]!.resource.id;
    const res = await sb.fetch(`${sb.urls.fhir}/Practitioner/${id}`, { headers: { 'ESANTE-API-KEY': 'k' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Practitioner).id).toBe(id);
    expect((await search('birthdate=1970')).status).toBe(400);
  });
});
