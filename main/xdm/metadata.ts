// METADATA.XML of an IHE XDM package (ebRIM SubmitObjectsRequest): patient identity (INS from
// XDSDocumentEntry.patientId / sourcePatientId), documents (uniqueId, title, typeCode, classCode,
// mimeType, author, creationTime, URI).
import { attr, child, children, parseSafeXml, text, type XmlNode } from './safe-xml';

export const INS_OIDS = {
  /** INS-NIR (national health identifier, qualified identity). */
  nir: '1.2.250.1.213.1.4.8',
  /** INS-NIR of test and demonstration (same meaning in test environments). */
  test: '1.2.250.1.213.1.4.10',
  demo: '1.2.250.1.213.1.4.11',
} as const;
const QUALIFIED_INS_OIDS = new Set<string>(Object.values(INS_OIDS));

const SCHEME = {
  typeCode: 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983',
  classCode: 'urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a',
  author: 'urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d',
  uniqueId: 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab',
  patientId: 'urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427',
  submissionPatientId: 'urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446',
} as const;

export interface PatientIdentifier {
  id: string;
  oid: string | null;
  qualified: boolean;
}

export interface XdmDocumentEntry {
  entryId: string;
  uniqueId: string;
  title: string;
  mimeType: string;
  typeCode: { code: string; display: string | null } | null;
  classCode: { code: string; display: string | null } | null;
  author: string | null;
  creationTime: string | null;
  uri: string | null;
  patientId: PatientIdentifier | null;
}

export interface XdmMetadata {
  patient: { name: string | null; birthDate: string | null; ins: string | null; insQualified: boolean; insOid: string | null };
  documents: XdmDocumentEntry[];
}

/** `123456789012345^^^&1.2.250.1.213.1.4.8&ISO` (CX) → id and assigning authority OID. */
export function parseCx(value: string | null): PatientIdentifier | null {
  if (!value) return null;
  const [id, , , authority] = value.split('^');
  if (!id) return null;
  const oid = authority?.split('&')[1] ?? null;
  return { id: id.trim(), oid: oid?.trim() || null, qualified: !!oid && QUALIFIED_INS_OIDS.has(oid.trim()) };
}

const slotValues = (n: XmlNode, name: string): string[] =>
  children(n, 'Slot')
    .filter((s) => attr(s, 'name') === name)
    .flatMap((s) => children(child(s, 'ValueList'), 'Value').map((v) => text(v) ?? ''))
    .filter(Boolean);

const localized = (n: XmlNode | undefined): string | null => attr(child(child(n, 'Name'), 'LocalizedString'), 'value');

function classification(n: XmlNode, scheme: string): XmlNode | undefined {
  return children(n, 'Classification').find((c) => attr(c, 'classificationScheme') === scheme);
}

function coded(n: XmlNode, scheme: string): { code: string; display: string | null } | null {
  const c = classification(n, scheme);
  const code = c ? attr(c, 'nodeRepresentation') : null;
  return code ? { code, display: localized(c) } : null;
}

function externalId(n: XmlNode, scheme: string): string | null {
  const e = children(n, 'ExternalIdentifier').find((x) => attr(x, 'identificationScheme') === scheme);
  return e ? attr(e, 'value') : null;
}

/** `PID-5|NOM^Prénom^^^^^L` and `PID-7|19800131` of sourcePatientInfo. */
function patientInfo(values: string[]): { name: string | null; birthDate: string | null } {
  let name: string | null = null;
  let birthDate: string | null = null;
  for (const v of values) {
    const [field, rest] = [v.slice(0, v.indexOf('|')), v.slice(v.indexOf('|') + 1)];
    if (field === 'PID-5' && !name) {
      const [family, given] = rest.split('^');
      name = [family?.trim(), given?.trim()].filter(Boolean).join(' ') || null;
    }
    if (field === 'PID-7' && !birthDate) {
      const m = /^(\d{4})(\d{2})(\d{2})/.exec(rest.trim());
      if (m) birthDate = `${m[1]}-${m[2]}-${m[3]}`;
    }
  }
  return { name, birthDate };
}

function hl7Time(v: string | null): string | null {
  if (!v) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?/.exec(v.trim());
  if (!m) return null;
  return m[4] ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}Z` : `${m[1]}-${m[2]}-${m[3]}`;
}

function authorOf(n: XmlNode): string | null {
  const c = classification(n, SCHEME.author);
  if (!c) return null;
  const person = slotValues(c, 'authorPerson')[0];
  const institution = slotValues(c, 'authorInstitution')[0];
  // XCN: id^FAMILY^Given^...; XON: name^...
  const p = person ? person.split('^').slice(1, 3).reverse().filter(Boolean).join(' ') || person.split('^')[0] : null;
  const inst = institution ? institution.split('^')[0] : null;
  return [p, inst].filter(Boolean).join(' – ') || null;
}

export function parseXdmMetadata(xml: Buffer | string): XdmMetadata {
  const doc = parseSafeXml(xml);
  const root = doc.SubmitObjectsRequest?.[0] ?? doc.ProvideAndRegisterDocumentSetRequest?.[0];
  const list = child(root, 'RegistryObjectList') ?? child(child(root, 'SubmitObjectsRequest'), 'RegistryObjectList');
  const documents: XdmDocumentEntry[] = [];
  let patient: XdmMetadata['patient'] = { name: null, birthDate: null, ins: null, insQualified: false, insOid: null };
  for (const eo of children(list, 'ExtrinsicObject')) {
    const pid = parseCx(externalId(eo, SCHEME.patientId)) ?? parseCx(slotValues(eo, 'sourcePatientId')[0] ?? null);
    const uniqueId = externalId(eo, SCHEME.uniqueId) ?? attr(eo, 'id') ?? `doc-${documents.length + 1}`;
    documents.push({
      entryId: attr(eo, 'id') ?? uniqueId,
      uniqueId,
      title: localized(eo) ?? 'Document',
      mimeType: (attr(eo, 'mimeType') ?? 'application/octet-stream').toLowerCase(),
      typeCode: coded(eo, SCHEME.typeCode),
      classCode: coded(eo, SCHEME.classCode),
      author: authorOf(eo),
      creationTime: hl7Time(slotValues(eo, 'creationTime')[0] ?? null),
      uri: slotValues(eo, 'URI')[0] ?? null,
      patientId: pid,
    });
    const info = patientInfo(slotValues(eo, 'sourcePatientInfo'));
    const best = pid?.qualified ? pid : null;
    if (!patient.ins || (best && !patient.insQualified)) {
      patient = {
        name: patient.name ?? info.name,
        birthDate: patient.birthDate ?? info.birthDate,
        ins: pid?.id ?? patient.ins,
        insQualified: pid?.qualified ?? patient.insQualified,
        insOid: pid?.oid ?? patient.insOid,
      };
    } else {
      patient = { ...patient, name: patient.name ?? info.name, birthDate: patient.birthDate ?? info.birthDate };
    }
  }
  for (const rp of children(list, 'RegistryPackage')) {
    const pid = parseCx(externalId(rp, SCHEME.submissionPatientId));
    if (pid && !patient.ins) patient = { ...patient, ins: pid.id, insQualified: pid.qualified, insOid: pid.oid };
  }
  return { patient, documents };
}
