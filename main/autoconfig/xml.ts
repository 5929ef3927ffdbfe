// Safe XML reading: DOCTYPE/ENTITY refused before parsing (no XXE, no entity expansion bombs), entity
// processing off in the parser, only the five predefined entities and character references decoded.
import { TextDecoder } from 'node:util';
import { type XmlTree, refuseUntrustedXml, untrustedXmlParser } from '../xml/untrusted-xml';
import { AutoconfigError } from './errors';
import { MAX_DOCUMENT_BYTES } from './types';

export type XmlElement = XmlTree;

const parser = untrustedXmlParser({ removeNSPrefix: false });

/** Decodes bytes as declared (UTF-8 by default), without BOM. */
export function decodeXml(body: Buffer | string): string {
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '');
  const head = body.subarray(0, 200).toString('latin1');
  const enc = /^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(enc, { fatal: true });
  } catch {
    throw new AutoconfigError('xml-malformed', `Le document utilise un encodage inconnu (${enc}). Signalez-le à l'opérateur.`);
  }
  try {
    return decoder.decode(body).replace(/^\uFEFF/, '');
  } catch {
    // Invalid bytes are refused, never replaced: a host name or user name must be what the operator wrote.
    throw new AutoconfigError('xml-malformed', `Le document n'est pas un texte valide dans son encodage (${enc === 'utf-8' || enc === 'utf8' ? 'UTF-8' : enc}) : il a été refusé. Signalez-le à l'opérateur.`);
  }
}

/** Parses an XML document into arrays of elements (every child is an array, attributes are "@_name"). */
export function parseXml(input: Buffer | string, what: string, maxBytes = MAX_DOCUMENT_BYTES): Record<string, XmlElement[]> {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > maxBytes) {
    throw new AutoconfigError('response-too-large', `${what} : le document dépasse la taille maximale autorisée (${Math.round(maxBytes / 1024)} Ko) et a été refusé.`);
  }
  const xml = decodeXml(input);
  const refusal = refuseUntrustedXml(xml);
  if (refusal?.reason === 'doctype') {
    throw new AutoconfigError('xml-doctype', `${what} : le document contient une déclaration DOCTYPE ou ENTITY, refusée pour des raisons de sécurité. Signalez-le à l'opérateur.`);
  }
  if (refusal?.reason === 'malformed') {
    throw new AutoconfigError('xml-malformed', `${what} : le document XML est mal formé (ligne ${refusal.line}). Signalez-le à l'opérateur.`, { reason: refusal.message });
  }
  return parser.parse(xml) as Record<string, XmlElement[]>;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (m, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    }
    return PREDEFINED[ref] ?? m;
  });
}

export function textOf(el: XmlElement | undefined): string | undefined {
  const t = el?.['#text'];
  return typeof t === 'string' ? decodeEntities(t).trim() : undefined;
}

export function attrOf(el: XmlElement | undefined, name: string): string | undefined {
  const v = el?.[`@_${name}`];
  return typeof v === 'string' ? decodeEntities(v).trim() : undefined;
}

export function childrenOf(el: XmlElement | undefined, key: string): XmlElement[] {
  const v = el?.[key];
  return Array.isArray(v) ? v : [];
}
