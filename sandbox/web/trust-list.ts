// The sandbox's MSSanté trust list, in the shape ANS publishes (default namespace, one <Domaine> per
// operator certificate, and no closing </ListeBlancheMSSante> tag, exactly like the published files), so
// the app's production parser reads the production format in every integration test.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DOMAIN, REPO_ROOT } from '../config';

export const TRUST_LIST_PATH = '/listeblanchemssante.xml';
export const TRUST_LIST_CHECKSUM_PATH = '/checksum.txt';
export const TRUST_LIST_GENERATED_AT = '2026-12-01T08:00:00Z';

export interface TrustListXmlEntry {
  nom: string;
  description?: string;
  dn?: string;
  responsable?: string;
  support?: string;
  dateMaj?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A list in ANS's published shape; `closed: true` adds the root's closing tag (a well-formed variant). */
export function trustListXml(entries: readonly TrustListXmlEntry[], generatedAt = TRUST_LIST_GENERATED_AT, closed = false, rawBlocks: readonly string[] = []): string {
  const field = (name: string, v: string | undefined) => (v === undefined ? '' : `\n            <${name}>${esc(v)}</${name}>`);
  const domaines = entries
    .map((e) =>
      `        <Domaine>${field('Nom', e.nom)}${field('Description', e.description)}${field('DNCertificatOperateur', e.dn)}${field('ResponsableContact', e.responsable)}${field('SupportContact', e.support)}${field('DateMAJ', e.dateMaj ?? generatedAt)}\n        </Domaine>\n`,
    )
    .join('') + rawBlocks.map((b) => `        ${b}\n`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema">\n` +
    `    <DateDeGeneration>${generatedAt}</DateDeGeneration>\n    <ListeDomaines>\n${domaines}    </ListeDomaines>\n` +
    (closed ? '</ListeBlancheMSSante>\n' : '')
  );
}

export const SANDBOX_OPERATOR = 'OPERATEUR BAC A SABLE MSSANTE';
export const SANDBOX_SUPPORT = '01 00 00 00 00, support@test.mssante.fr';

/** The sandbox operator's domain (two server certificates, as Mailiz has) and a second operator's. */
export const SANDBOX_TRUST_ENTRIES: TrustListXmlEntry[] = [
  ...['mx1', 'mx2'].map((cn) => ({
    nom: DOMAIN,
    description: 'Messagerie du bac à sable MSSanté',
    dn: `CN=${cn}.${DOMAIN},OU=00000000000000,O=${SANDBOX_OPERATOR},ST=Paris (75),C=FR`,
    responsable: 'contact@test.mssante.fr',
    support: SANDBOX_SUPPORT,
  })),
  // The directory fixture's hospitals (sandbox/fixtures/annuaire.json).
  ...['chu-exemple.mssante.fr', 'CH-ValDeLoire.mssante.fr'].map((nom) => ({
    nom,
    description: `Établissement du bac à sable (${nom})`,
    dn: `CN=mx.${nom.toLowerCase()},OU=22222222222222,O=${SANDBOX_OPERATOR},ST=Paris (75),C=FR`,
    responsable: 'contact@test.mssante.fr',
    support: SANDBOX_SUPPORT,
  })),
  {
    nom: 'Autre-Operateur.test.mssante.fr',
    description: 'Second opérateur du bac à sable',
    dn: 'CN=mail.autre-operateur.test.mssante.fr,OU=11111111111111,O=AUTRE OPERATEUR & CIE,ST=Nord (59),C=FR',
    responsable: 'contact@autre-operateur.test.mssante.fr',
    support: '03 00 00 00 00, support@autre-operateur.test.mssante.fr',
  },
];

/** Real domains the directory fixture uses: their entries are taken as they are from ANS's official file. */
export const REAL_DOMAINS = ['medecin.mssante.fr', 'infirmier.mssante.fr', 'pharmacien.mssante.fr'];
const OFFICIAL_FILE = 'listeblanchemssante-2025-03-13-full.xml';

/** The <Domaine> blocks of ANS's official file for these names (verbatim), from the ANS reference data. */
export function officialDomaineBlocks(names: readonly string[]): string[] {
  const shared = process.env.MSS_SHARED_DATA ?? path.resolve(REPO_ROOT, '../shared/data');
  const file = path.join(shared, 'trust-list', OFFICIAL_FILE);
  if (!fs.existsSync(file)) throw new Error(`sandbox trust list: ANS reference data not found (${file}); set MSS_SHARED_DATA`);
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const blocks = fs.readFileSync(file, 'utf8').match(/<Domaine>[\s\S]*?<\/Domaine>/g) ?? [];
  return blocks.filter((b) => wanted.has((/<Nom>([^<]*)<\/Nom>/.exec(b)?.[1] ?? '').toLowerCase()));
}

export function sandboxTrustList(): { xml: string; sha256: string } {
  const xml = trustListXml(SANDBOX_TRUST_ENTRIES, TRUST_LIST_GENERATED_AT, false, officialDomaineBlocks(REAL_DOMAINS));
  return { xml, sha256: crypto.createHash('sha256').update(xml).digest('hex') };
}
