// XML of XDM packages (METADATA.XML, CDA): DOCTYPE/ENTITY refused before parsing (no XXE, no billion
// laughs), entity processing off in the parser (only the five predefined entities and character
// references are decoded, by us), size-bounded, namespace prefixes removed.
import { type XmlTree, refuseUntrustedXml, untrustedXmlParser } from '../xml/untrusted-xml';
import { XdmError } from './errors';

export const MAX_XML_BYTES = 8 * 1024 * 1024;

export type XmlNode = XmlTree;

const parser = untrustedXmlParser({ removeNSPrefix: true });

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and numeric character references (nothing else exists here). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
    if (e.startsWith('#x')) return safeCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return safeCodePoint(parseInt(e.slice(1), 10));
    return PREDEFINED[e] ?? '';
  });
}

function safeCodePoint(n: number): string {
  return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\uFFFD';
}

export function parseSafeXml(input: Buffer | string, maxBytes = MAX_XML_BYTES): Record<string, XmlNode[]> {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > maxBytes) throw new XdmError('xdm.too-large');
  const xml = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  const refusal = refuseUntrustedXml(xml);
  if (refusal) throw new XdmError(refusal.reason === 'doctype' ? 'xdm.xml-refused' : 'xdm.xml-malformed');
  try {
    return parser.parse(xml) as Record<string, XmlNode[]>;
  } catch (e) {
    // The parser's own limits (nesting depth...): a refused document, not an internal error.
    throw new XdmError('xdm.xml-malformed', { cause: e });
  }
}

// ---- navigation helpers (namespace prefixes already removed)

export const children = (n: XmlNode | undefined, name: string): XmlNode[] => {
  const v = n?.[name];
  return Array.isArray(v) ? v : [];
};
export const child = (n: XmlNode | undefined, name: string): XmlNode | undefined => children(n, name)[0];
export const attr = (n: XmlNode | undefined, name: string): string | null => {
  const v = n?.[`@_${name}`];
  return typeof v === 'string' ? decodeEntities(v) : null;
};
export const text = (n: XmlNode | undefined): string | null => {
  const v = n?.['#text'];
  return typeof v === 'string' && v !== '' ? decodeEntities(v) : null;
};

/** All text below a node, in document order as far as the parser keeps it (children after own text). */
export function deepText(n: XmlNode | undefined, out: string[] = []): string[] {
  if (!n) return out;
  const own = text(n);
  if (own) out.push(own);
  for (const [k, v] of Object.entries(n)) {
    if (k === '#text' || k.startsWith('@_') || !Array.isArray(v)) continue;
    for (const c of v) deepText(c, out);
  }
  return out;
}

/** First node named `name` anywhere below `n` (depth-first). */
export function findDeep(n: XmlNode | undefined, name: string, depth = 0): XmlNode | undefined {
  if (!n || depth > 64) return undefined;
  const direct = child(n, name);
  if (direct) return direct;
  for (const [k, v] of Object.entries(n)) {
    if (k === '#text' || k.startsWith('@_') || !Array.isArray(v)) continue;
    for (const c of v) {
      const f = findDeep(c, name, depth + 1);
      if (f) return f;
    }
  }
  return undefined;
}
