// The one way this app reads XML from outside (autoconfig documents, XDM metadata and CDA): DOCTYPE and
// ENTITY refused before parsing (no XXE, no entity-expansion bombs), well-formedness checked, entity
// processing off in the parser (callers decode the predefined entities and character references).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlTree {
  '#text'?: string;
  [key: string]: XmlTree[] | string | undefined;
}

export type XmlRefusal = { reason: 'doctype' } | { reason: 'malformed'; line: number; message: string };

/** Why a document must not be parsed, or null when it may. */
export function refuseUntrustedXml(xml: string): XmlRefusal | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { reason: 'doctype' };
  const valid = XMLValidator.validate(xml);
  return valid === true ? null : { reason: 'malformed', line: valid.err.line, message: valid.err.msg };
}

/** Every child is an array, attributes are "@_name", text in "#text", values left as strings. */
export function untrustedXmlParser(options: { removeNSPrefix: boolean }): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    processEntities: false,
    htmlEntities: false,
    isArray: (_name, _jpath, _leaf, isAttribute) => !isAttribute,
    alwaysCreateTextNode: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    removeNSPrefix: options.removeNSPrefix,
  });
}
