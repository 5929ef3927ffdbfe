// The MSSanté trust list ("liste blanche") as ANS publishes it:
//   <ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema">
//     <DateDeGeneration>…</DateDeGeneration>
//     <ListeDomaines><Domaine><Nom/><Description/><DNCertificatOperateur/><ResponsableContact/>
//       <SupportContact/><DateMAJ/></Domaine>…</ListeDomaines>
// One <Domaine> per operator certificate (a name may appear several times). The published files end after
// </ListeDomaines> without the closing root tag: that one defect is repaired, and only that one (a DOCTYPE,
// an entity, a truncation anywhere else, a wrong root or namespace, an oversize file stay refused).
import { AutoconfigError } from './errors';
import { childrenOf, decodeXml, parseXml, textOf, type XmlElement } from './xml';

export const TRUST_LIST_NAMESPACE = 'https://listeblanche.mssante.fr/schema';
export const MAX_TRUST_LIST_BYTES = 8 * 1024 * 1024;
const ROOT = 'ListeBlancheMSSante';
const WHAT = 'Liste de confiance MSSanté';

export interface TrustListEntry {
  /** Nom as written in the list (case kept: `UC-CMP.mssante.fr`). */
  name: string;
  description: string | null;
  /** DN of the operator's server certificate (MTA / gateway), as written. */
  operatorDn: string | null;
  /** O= of that DN: the operator's name. */
  operator: string | null;
  responsibleContact: string | null;
  supportContact: string | null;
  /** DateMAJ (ISO 8601). */
  updatedAt: string | null;
}

export interface ParsedTrustList {
  /** DateDeGeneration (ISO 8601). */
  generatedAt: string;
  entries: TrustListEntry[];
}

/** The published files' one defect: nothing after </ListeDomaines>, the root never closed. */
export function closeUnterminatedRoot(xml: string): string {
  const trimmed = xml.trimEnd();
  if (!trimmed.endsWith('</ListeDomaines>')) return xml;
  if (/<\/ListeBlancheMSSante\s*>/.test(xml)) return xml;
  if (!/^(?:\s|<\?xml[^>]*\?>)*<ListeBlancheMSSante[\s>]/.test(xml)) return xml;
  return `${trimmed}</${ROOT}>`;
}

/** RFC 4514 attribute values of a DN string (`CN=a,OU=b,O=c\, d,C=FR`), escapes resolved. */
export function dnAttribute(dn: string, type: string): string | null {
  const parts = dn.split(/(?<!\\),/);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim().toUpperCase() !== type.toUpperCase()) continue;
    const value = part.slice(eq + 1).trim().replace(/\\(.)/g, '$1').replace(/^"(.*)"$/, '$1');
    return value || null;
  }
  return null;
}

function invalid(message: string): AutoconfigError {
  return new AutoconfigError('trust-list-invalid', `La liste de confiance MSSanté reçue ${message} : elle est ignorée.`);
}

function one(el: XmlElement, key: string): string | null {
  return textOf(childrenOf(el, key)[0]) || null;
}

export function parseTrustListXml(input: Buffer | string): ParsedTrustList {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > MAX_TRUST_LIST_BYTES) {
    // Checked before any decoding or repair (parseXml checks again on the repaired text).
    throw new AutoconfigError('response-too-large', `${WHAT} : le document dépasse la taille maximale autorisée (${Math.round(MAX_TRUST_LIST_BYTES / 1024)} Ko) et a été refusé.`);
  }
  const doc = parseXml(closeUnterminatedRoot(decodeXml(input)), WHAT, MAX_TRUST_LIST_BYTES + 64);
  const roots = Object.entries(doc).filter(([k]) => k !== '?xml');
  const root = roots.length === 1 && roots[0]![0] === ROOT ? roots[0]![1][0] : undefined;
  if (!root) throw invalid(`n'a pas la forme publiée par l'ANS (élément racine ${ROOT} attendu)`);
  if (root['@_xmlns'] !== TRUST_LIST_NAMESPACE) throw invalid(`n'est pas dans l'espace de noms ${TRUST_LIST_NAMESPACE}`);
  const generatedAt = one(root, 'DateDeGeneration');
  if (!generatedAt || Number.isNaN(Date.parse(generatedAt))) throw invalid('ne dit pas sa date de génération (DateDeGeneration)');
  const entries: TrustListEntry[] = [];
  for (const list of childrenOf(root, 'ListeDomaines')) {
    for (const d of childrenOf(list, 'Domaine')) {
      const name = one(d, 'Nom');
      if (!name) continue;
      const operatorDn = one(d, 'DNCertificatOperateur');
      entries.push({
        name,
        description: one(d, 'Description'),
        operatorDn,
        operator: operatorDn ? dnAttribute(operatorDn, 'O') : null,
        responsibleContact: one(d, 'ResponsableContact'),
        supportContact: one(d, 'SupportContact'),
        updatedAt: one(d, 'DateMAJ'),
      });
    }
  }
  if (!entries.length) throw invalid('ne contient aucun domaine');
  return { generatedAt, entries };
}
