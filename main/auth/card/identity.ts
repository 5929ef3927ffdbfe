// Who the card belongs to, from its authentication certificate. Pure functions (no PKCS#11, no I/O).
//
// Two subject shapes exist:
//  - CPS3 / IGC-Santé: multi-valued RDN  CN=<IdNat>+SN=<NOM>+GN=<PRÉNOM>, title=<profession>, C=FR
//  - older cards:      CN=<NOM PRENOM>, serialNumber=<IdNat>, OU=...
// Attribute order and RDN order vary (DER order vs RFC 4514 display order), so lookups are by type.
import 'reflect-metadata'; // @peculiar/x509 needs a Reflect polyfill loaded first
import { Name, X509Certificate } from '@peculiar/x509';
import { isIdNat as isSharedIdNat } from '../../../shared/idnat';

export interface NameAttribute {
  /** OID, e.g. 2.5.4.3 */
  oid: string;
  value: string;
}
export type Rdn = NameAttribute[];

export const OID = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  title: '2.5.4.12',
  GN: '2.5.4.42',
  emailAddress: '1.2.840.113549.1.9.1',
} as const;

const ALIASES: Record<string, string> = {
  cn: OID.CN, commonname: OID.CN,
  sn: OID.SN, surname: OID.SN,
  serialnumber: OID.serialNumber,
  c: OID.C, countryname: OID.C,
  l: OID.L, st: OID.ST,
  o: OID.O, ou: OID.OU,
  t: OID.title, title: OID.title,
  g: OID.GN, gn: OID.GN, givenname: OID.GN,
  e: OID.emailAddress, email: OID.emailAddress, emailaddress: OID.emailAddress,
};

function typeToOid(type: string): string {
  const t = type.trim();
  if (/^\d+(\.\d+)+$/.test(t)) return t;
  const oid = ALIASES[t.toLowerCase()];
  if (!oid) throw new Error(`unknown attribute type: ${t}`);
  return oid;
}

/** Splits on `sep` characters that are not escaped with a backslash nor inside double quotes. */
function splitUnescaped(s: string, seps: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[i + 1];
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      cur += ch;
    } else if (!quoted && seps.includes(ch)) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** RFC 4514 value unescaping: \, \+ … and \HH byte sequences (UTF-8). */
function unescapeValue(raw: string): string {
  let v = raw.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (ch === '\\' && i + 1 < v.length) {
      const hex = v.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(v[i + 1]!, 'utf8'));
        i++;
      }
    } else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parses a distinguished name written as RFC 4514 ("CN=1+SN=A, title=Médecin, C=FR") or in OpenSSL's
 * slash form ("/C=FR/title=Médecin/CN=1+SN=A"). RDNs are returned in the order written.
 */
export function parseDistinguishedName(dn: string): Rdn[] {
  const s = dn.trim();
  if (!s) return [];
  const parts = s.startsWith('/') ? splitUnescaped(s.slice(1), '/') : splitUnescaped(s, ',;');
  return parts
    .filter((p) => p.trim() !== '')
    .map((rdn) =>
      splitUnescaped(rdn, '+').map((atv) => {
        const eq = atv.indexOf('=');
        if (eq <= 0) throw new Error(`malformed name component: ${atv}`);
        return { oid: typeToOid(atv.slice(0, eq)), value: unescapeValue(atv.slice(eq + 1)) };
      }),
    );
}

/** RDNs of a DER-encoded Name (as found in a certificate), in DER order. */
export function rdnsFromNameDer(der: ArrayBuffer | Uint8Array): Rdn[] {
  return rdnsFromName(new Name(der instanceof Uint8Array ? Uint8Array.from(der) : der));
}

/** Short names @peculiar/x509 prints for known attribute types (others come out as OIDs). */
const X509_SHORT_NAMES: Record<string, string> = {
  CN: OID.CN, L: OID.L, ST: OID.ST, O: OID.O, OU: OID.OU, C: OID.C, DC: '0.9.2342.19200300.100.1.25',
  E: OID.emailAddress, G: OID.GN, I: '2.5.4.43', SN: OID.SN, T: OID.title,
};

function rdnsFromName(name: Name): Rdn[] {
  return name.toJSON().map((rdn) =>
    Object.entries(rdn).flatMap(([type, values]) => values.map((value) => ({ oid: X509_SHORT_NAMES[type] ?? type, value }))),
  );
}

const DISPLAY_NAMES: Record<string, string> = {
  [OID.CN]: 'CN', [OID.SN]: 'SN', [OID.GN]: 'GN', [OID.title]: 'title', [OID.serialNumber]: 'serialNumber',
  [OID.OU]: 'OU', [OID.O]: 'O', [OID.L]: 'L', [OID.ST]: 'ST', [OID.C]: 'C', [OID.emailAddress]: 'emailAddress',
};
const IN_RDN_ORDER = [OID.CN, OID.SN, OID.GN];

function escapeValue(v: string): string {
  return v.replace(/([,+"\\<>;=])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
}

/**
 * RFC 4514 text, most specific RDN first, as the card's subject is usually quoted:
 * "CN=810002813839+SN=DUPONT+GN=MARIE, title=Médecin, C=FR". Input RDNs in DER order.
 */
export function formatDistinguishedName(rdnsInDerOrder: Rdn[]): string {
  const rank = (oid: string) => {
    const i = IN_RDN_ORDER.indexOf(oid as (typeof IN_RDN_ORDER)[number]);
    return i < 0 ? IN_RDN_ORDER.length : i;
  };
  return [...rdnsInDerOrder]
    .reverse()
    .map((rdn) =>
      [...rdn]
        .sort((a, b) => rank(a.oid) - rank(b.oid))
        .map((a) => `${DISPLAY_NAMES[a.oid] ?? a.oid}=${escapeValue(a.value)}`)
        .join('+'),
    )
    .join(', ');
}

export type SubjectShape = 'cps3' | 'legacy';

export interface SubjectIdentity {
  idNat: string;
  familyName: string;
  givenName: string;
  /** "Marie DUPONT" style, for the UI. */
  displayName: string;
  /** title attribute (e.g. "Médecin"), null when absent. */
  profession: string | null;
  shape: SubjectShape;
}

/** National identifier: every form of shared/idnat.ts (8 + RPPS, 0 + ADELI, 1/3/4/5/6 + structure "/" local id). */
export function isIdNat(s: string): boolean {
  return isSharedIdNat(s);
}

function first(rdns: Rdn[], oid: string): string | null {
  for (const rdn of rdns) for (const a of rdn) if (a.oid === oid && a.value.trim()) return a.value.trim();
  return null;
}

/** "MARIE-ANNE" → "Marie-Anne". */
export function capitalizeGivenName(s: string): string {
  return s
    .toLowerCase()
    .replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/**
 * Splits an old-style CN "NOM PRENOM". Uppercase words are the family name when the CN mixes cases;
 * when it is all uppercase the last word is taken as the given name (heuristic: compound given names
 * cannot be told apart from compound family names).
 */
export function splitLegacyCommonName(cn: string): { familyName: string; givenName: string } {
  const words = cn.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { familyName: words[0] ?? '', givenName: '' };
  const isUpper = (w: string) => w === w.toUpperCase() && w !== w.toLowerCase();
  const allUpper = words.every(isUpper);
  if (allUpper) return { familyName: words.slice(0, -1).join(' '), givenName: words[words.length - 1]! };
  const family = words.filter(isUpper);
  const given = words.filter((w) => !isUpper(w));
  return { familyName: family.join(' '), givenName: given.join(' ') };
}

function displayNameOf(familyName: string, givenName: string, fallback: string): string {
  const parts = [givenName ? capitalizeGivenName(givenName) : '', familyName.toUpperCase()].filter(Boolean);
  return parts.length ? parts.join(' ') : fallback;
}

/** Identity from subject RDNs (either shape, any order). Null when no IdNat can be found. */
export function identityFromSubject(rdns: Rdn[]): SubjectIdentity | null {
  const cn = first(rdns, OID.CN);
  const sn = first(rdns, OID.SN);
  const gn = first(rdns, OID.GN);
  const profession = first(rdns, OID.title);
  if (cn && isIdNat(cn)) {
    const familyName = sn ?? '';
    const givenName = gn ?? '';
    return { idNat: cn, familyName, givenName, displayName: displayNameOf(familyName, givenName, cn), profession, shape: 'cps3' };
  }
  const serial = first(rdns, OID.serialNumber);
  if (serial && isIdNat(serial)) {
    const split = cn ? splitLegacyCommonName(cn) : { familyName: '', givenName: '' };
    const familyName = sn ?? split.familyName;
    const givenName = gn ?? split.givenName;
    return { idNat: serial, familyName, givenName, displayName: displayNameOf(familyName, givenName, cn ?? serial), profession, shape: 'legacy' };
  }
  return null;
}

export interface CertificateIdentity extends SubjectIdentity {
  /** Subject as RFC 4514 text, most specific first (formatDistinguishedName). */
  subject: string;
  issuer: string;
  /** Certificate serial number, hex. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  expired: boolean;
  notYetValid: boolean;
  /** The certificate, DER. */
  der: Uint8Array;
}

export class IdentityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityParseError';
  }
}

/** Parses a card certificate (DER). Throws IdentityParseError when it is not a certificate or has no IdNat. */
export function identityFromCertificate(der: Uint8Array, now: Date = new Date()): CertificateIdentity {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Uint8Array.from(der));
  } catch (e) {
    throw new IdentityParseError(`not an X.509 certificate: ${(e as Error).message}`);
  }
  const rdns = rdnsFromName(cert.subjectName);
  const id = identityFromSubject(rdns);
  if (!id) throw new IdentityParseError('no national identifier (IdNat) in the certificate subject');
  return {
    ...id,
    subject: formatDistinguishedName(rdns),
    issuer: formatDistinguishedName(rdnsFromName(cert.issuerName)),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    expired: now.getTime() > cert.notAfter.getTime(),
    notYetValid: now.getTime() < cert.notBefore.getTime(),
    der: Uint8Array.from(der),
  };
}
