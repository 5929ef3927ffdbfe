// A readable, self-contained HTML rendering of a CDA R2 document (header + body text). Everything
// coming from the document is escaped; no script, no link, no remote resource (strict CSP in the page).
import { attr, child, children, deepText, findDeep, parseSafeXml, text, type XmlNode } from './safe-xml';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function hl7Date(v: string | null): string | null {
  const m = v ? /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2}))?/.exec(v) : null;
  if (!m) return null;
  return `${m[3]}/${m[2]}/${m[1]}${m[4] ? ` ${m[4]}:${m[5]}` : ''}`;
}

function personName(n: XmlNode | undefined): string | null {
  if (!n) return null;
  const given = children(n, 'given').map((g) => text(g)).filter(Boolean).join(' ');
  const family = children(n, 'family').map((f) => text(f)).filter(Boolean).join(' ');
  const joined = [given, family].filter(Boolean).join(' ');
  return joined || text(n);
}

function sectionHtml(section: XmlNode, depth: number): string {
  const title = text(child(section, 'title'));
  const body = deepText(child(section, 'text')).join('\n');
  const nested = children(section, 'component').map((c) => child(c, 'section')).filter((s): s is XmlNode => !!s);
  const h = `h${Math.min(6, depth + 2)}`;
  return `<section>${title ? `<${h}>${escapeHtml(title)}</${h}>` : ''}${body ? `<pre>${escapeHtml(body)}</pre>` : ''}${nested.map((s) => sectionHtml(s, depth + 1)).join('')}</section>`;
}

export function renderCdaHtml(xml: Buffer | string): string {
  const doc = parseSafeXml(xml);
  const root = doc.ClinicalDocument?.[0];
  const title = text(child(root, 'title')) ?? attr(child(root, 'code'), 'displayName') ?? 'Document médical';
  const date = hl7Date(attr(child(root, 'effectiveTime'), 'value'));
  const patientRole = child(child(root, 'recordTarget'), 'patientRole');
  const patient = child(patientRole, 'patient');
  const patientName = personName(child(patient, 'name'));
  const birth = hl7Date(attr(child(patient, 'birthTime'), 'value'));
  const ins = attr(child(patientRole, 'id'), 'extension');
  const assigned = child(child(root, 'author'), 'assignedAuthor');
  const author = personName(child(child(assigned, 'assignedPerson'), 'name'));
  const org = text(child(child(assigned, 'representedOrganization'), 'name'));
  const component = child(root, 'component');
  let body = '';
  const nonXml = child(component, 'nonXMLBody');
  if (nonXml) {
    const t = child(nonXml, 'text');
    const media = attr(t, 'mediaType') ?? 'text/plain';
    body = media.startsWith('text/')
      ? `<pre>${escapeHtml(deepText(t).join('\n'))}</pre>`
      : `<p>Le corps du document est au format ${escapeHtml(media)} : ouvrez le rendu PDF s'il est fourni.</p>`;
  } else {
    const structured = child(component, 'structuredBody') ?? findDeep(root, 'structuredBody');
    body = children(structured, 'component')
      .map((c) => child(c, 'section'))
      .filter((s): s is XmlNode => !!s)
      .map((s) => sectionHtml(s, 0))
      .join('');
  }
  const rows: Array<[string, string | null]> = [
    ['Patient', patientName],
    ['Date de naissance', birth],
    ['INS', ins],
    ['Auteur', [author, org].filter(Boolean).join(' – ') || null],
    ['Date du document', date],
  ];
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;margin:2em;max-width:60em}` +
    `dl{display:grid;grid-template-columns:max-content auto;gap:.25em 1em}dt{font-weight:bold}pre{white-space:pre-wrap;font-family:inherit}</style>` +
    `</head><body><h1>${escapeHtml(title)}</h1><dl>` +
    rows.filter(([, v]) => v).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v!)}</dd>`).join('') +
    `</dl><hr>${body || '<p>Document sans contenu lisible.</p>'}</body></html>`;
}

/** LOINC code of a CDA (ClinicalDocument/code/@code), used when METADATA.XML has no typeCode. */
export function cdaTypeCode(xml: Buffer | string): string | null {
  const root = parseSafeXml(xml).ClinicalDocument?.[0];
  return attr(child(root, 'code'), 'code');
}

/** INS of the CDA's recordTarget and whether its OID is a qualified INS one. */
export function cdaPatientId(xml: Buffer | string): { id: string; oid: string | null } | null {
  const root = parseSafeXml(xml).ClinicalDocument?.[0];
  const ids = children(child(child(root, 'recordTarget'), 'patientRole'), 'id');
  const first = ids[0];
  const id = attr(first, 'extension');
  return id ? { id, oid: attr(first, 'root') } : null;
}
