// IHE XDM (ZIP) packages as sent over MSSanté: README.TXT, INDEX.HTM, IHE_XDM/SUBSET01/METADATA.XML
// (patientId = INS), a CDA R2 document and its PDF rendering.
import { buildPdf } from './pdf';
import { buildZip } from './zip';

export interface XdmPatient {
  nom: string;
  prenom: string;
  sexe: 'M' | 'F';
  /** dd/mm/yyyy */
  naissance: string;
  /** INS (NIR, 15 digits) */
  ins: string;
}

export interface XdmDocument {
  /** LOINC code carried in X-MSS-CODECDA, e.g. 11502-2 */
  code: string;
  label: string;
  author: { name: string; idNat: string; org: string };
  date: Date;
  lines: string[];
  uniqueId: string;
}

const INS_OID = '1.2.250.1.213.1.4.8';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const hl7Date = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
const birthHl7 = (dmy: string) => dmy.split('/').reverse().join('');

function cda(p: XdmPatient, d: XdmDocument): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
  <realmCode code="FR"/>
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <id root="${d.uniqueId}"/>
  <code code="${d.code}" codeSystem="2.16.840.1.113883.6.1" displayName="${esc(d.label)}"/>
  <title>${esc(d.label)}</title>
  <effectiveTime value="${hl7Date(d.date)}"/>
  <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
  <languageCode code="fr-FR"/>
  <recordTarget><patientRole>
    <id root="${INS_OID}" extension="${p.ins}"/>
    <patient>
      <name><family qualifier="BR">${esc(p.nom)}</family><given>${esc(p.prenom)}</given></name>
      <administrativeGenderCode code="${p.sexe}" codeSystem="2.16.840.1.113883.5.1"/>
      <birthTime value="${birthHl7(p.naissance)}"/>
    </patient>
  </patientRole></recordTarget>
  <author><time value="${hl7Date(d.date)}"/><assignedAuthor>
    <id root="1.2.250.1.71.4.2.1" extension="${d.author.idNat}"/>
    <assignedPerson><name>${esc(d.author.name)}</name></assignedPerson>
    <representedOrganization><name>${esc(d.author.org)}</name></representedOrganization>
  </assignedAuthor></author>
  <component><nonXMLBody><text mediaType="text/plain">${esc(d.lines.join('\n'))}</text></nonXMLBody></component>
</ClinicalDocument>
`;
}

function metadata(p: XdmPatient, d: XdmDocument, submissionId: string): string {
  const pid = `${p.ins}^^^&amp;${INS_OID}&amp;ISO`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
  <rim:RegistryObjectList>
    <rim:ExtrinsicObject id="Document01" mimeType="text/xml" objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">
      <rim:Slot name="creationTime"><rim:ValueList><rim:Value>${hl7Date(d.date)}</rim:Value></rim:ValueList></rim:Slot>
      <rim:Slot name="languageCode"><rim:ValueList><rim:Value>fr-FR</rim:Value></rim:ValueList></rim:Slot>
      <rim:Slot name="sourcePatientId"><rim:ValueList><rim:Value>${pid}</rim:Value></rim:ValueList></rim:Slot>
      <rim:Slot name="sourcePatientInfo"><rim:ValueList>
        <rim:Value>PID-5|${esc(p.nom)}^${esc(p.prenom)}^^^^^L</rim:Value>
        <rim:Value>PID-7|${birthHl7(p.naissance)}</rim:Value>
        <rim:Value>PID-8|${p.sexe}</rim:Value>
      </rim:ValueList></rim:Slot>
      <rim:Slot name="URI"><rim:ValueList><rim:Value>DOC0001.XML</rim:Value></rim:ValueList></rim:Slot>
      <rim:Name><rim:LocalizedString value="${esc(d.label)}"/></rim:Name>
      <rim:Classification classificationScheme="urn:uuid:f0306f51-975f-434e-a61c-c59651d33983" classifiedObject="Document01" nodeRepresentation="${d.code}">
        <rim:Slot name="codingScheme"><rim:ValueList><rim:Value>2.16.840.1.113883.6.1</rim:Value></rim:ValueList></rim:Slot>
        <rim:Name><rim:LocalizedString value="${esc(d.label)}"/></rim:Name>
      </rim:Classification>
      <rim:ExternalIdentifier identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" registryObject="Document01" value="${pid}">
        <rim:Name><rim:LocalizedString value="XDSDocumentEntry.patientId"/></rim:Name>
      </rim:ExternalIdentifier>
      <rim:ExternalIdentifier identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" registryObject="Document01" value="${d.uniqueId}">
        <rim:Name><rim:LocalizedString value="XDSDocumentEntry.uniqueId"/></rim:Name>
      </rim:ExternalIdentifier>
    </rim:ExtrinsicObject>
    <rim:RegistryPackage id="SubmissionSet01">
      <rim:Slot name="submissionTime"><rim:ValueList><rim:Value>${hl7Date(d.date)}</rim:Value></rim:ValueList></rim:Slot>
      <rim:ExternalIdentifier identificationScheme="urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446" registryObject="SubmissionSet01" value="${pid}">
        <rim:Name><rim:LocalizedString value="XDSSubmissionSet.patientId"/></rim:Name>
      </rim:ExternalIdentifier>
      <rim:ExternalIdentifier identificationScheme="urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8" registryObject="SubmissionSet01" value="${submissionId}">
        <rim:Name><rim:LocalizedString value="XDSSubmissionSet.uniqueId"/></rim:Name>
      </rim:ExternalIdentifier>
    </rim:RegistryPackage>
  </rim:RegistryObjectList>
</lcm:SubmitObjectsRequest>
`;
}

/** `pdf` replaces the generated PDF rendering (tests: a PDF with active content). */
export function buildXdmZip(p: XdmPatient, d: XdmDocument, options: { pdf?: Buffer } = {}): { zip: Buffer; pdf: Buffer } {
  const pdf = options.pdf ?? buildPdf(d.label, [`Patient : ${p.nom} ${p.prenom}, né(e) le ${p.naissance}`, `INS : ${p.ins}`, '', ...d.lines, '', d.author.name]);
  const readme = `Contenu : document médical au format IHE XDM\r\nEmetteur : ${d.author.name} (${d.author.org})\r\nLogiciel : Bac à sable MSSanté (non réel)\r\nInstructions : ouvrir INDEX.HTM\r\n`;
  const index = `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${esc(d.label)}</title></head><body><h1>${esc(d.label)}</h1><p>Patient : ${esc(p.nom)} ${esc(p.prenom)}</p><ul><li><a href="IHE_XDM/SUBSET01/DOC0001.XML">Document CDA</a></li><li><a href="IHE_XDM/SUBSET01/DOC0001.PDF">Rendu PDF</a></li></ul></body></html>\r\n`;
  const zip = buildZip([
    { name: 'README.TXT', data: readme, date: d.date },
    { name: 'INDEX.HTM', data: index, date: d.date },
    { name: 'IHE_XDM/SUBSET01/METADATA.XML', data: metadata(p, d, `${d.uniqueId}.1`), date: d.date },
    { name: 'IHE_XDM/SUBSET01/DOC0001.XML', data: cda(p, d), date: d.date },
    { name: 'IHE_XDM/SUBSET01/DOC0001.PDF', data: pdf, date: d.date },
  ]);
  return { zip, pdf };
}
