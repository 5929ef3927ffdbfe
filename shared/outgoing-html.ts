// THE policy for the HTML of outgoing mail (messages, drafts, signatures, replies and forwards), one
// module for both sides: the composer applies it in the renderer (after DOMPurify, configured from the same
// lists, has parsed what was pasted), main applies it again before anything is built, saved or sent. The
// same input gives the same output in both places, and applying it twice changes nothing.
//
// Kept: text formatting, lists, quotes, headings, tables, links (https, mailto, in-page), images carried by
// the message itself (cid:, data: PNG/JPEG/GIF), the composer's own marker classes (mss-*). Dropped:
// scripts, styles, event handlers, forms, frames, remote resources, every other attribute and URL scheme.
import { decodeEntities } from './html-text';

export const OUTGOING_TAGS: readonly string[] = [
  'p', 'div', 'br', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'sub', 'sup', 'small', 'big', 'font',
  'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'a', 'img', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
];
/** Attributes by element; GLOBAL ones anywhere. */
export const OUTGOING_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'title'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan', 'align'],
  th: ['colspan', 'rowspan', 'align'],
  p: ['align'],
  div: ['align'],
  font: ['color', 'size'],
  ol: ['type', 'start'],
  blockquote: ['type'],
};
export const GLOBAL_ATTRIBUTES: readonly string[] = ['dir', 'lang', 'class'];
/** Elements removed with everything inside them. */
export const DROPPED_WITH_CONTENT: readonly string[] = ['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'noembed', 'xmp', 'svg', 'math', 'textarea', 'select', 'title', 'head'];
/** Only the composer's marker classes travel (pasted classes mean nothing to the recipient). */
export const CLASS_PREFIX = 'mss-';
export const LINK_REL = 'noopener noreferrer';

const URL_RULES: Record<string, RegExp> = {
  'a href': /^(https:|mailto:|#)/i,
  'img src': /^(cid:|data:image\/(png|jpeg|gif);)/i,
};
const VOID = new Set(['br', 'hr', 'img']);
const TAGS = new Set(OUTGOING_TAGS);
const DROPPED = new Set(DROPPED_WITH_CONTENT);
const GLOBAL = new Set(GLOBAL_ATTRIBUTES);

/** A URL attribute's value, or null when its scheme is not allowed there. */
export function allowedUrl(tag: string, name: string, value: string): string | null {
  const rule = URL_RULES[`${tag} ${name}`];
  if (!rule) return value;
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\nscript:").
  const v = value.replace(/[\u0000-\u0020]+/g, '');
  return rule.test(v) ? v : null;
}

/** A class attribute's value: the mss-* classes only (null: none). */
export function allowedClasses(value: string): string | null {
  const kept = value.split(/\s+/).filter((c) => c.startsWith(CLASS_PREFIX) && /^[a-z0-9-]+$/i.test(c));
  return kept.length ? kept.join(' ') : null;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);

function attributes(tag: string, source: string): string {
  const out: string[] = [];
  const seen = new Set<string>();
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+)))?/g;
  for (let a = re.exec(source); a; a = re.exec(source)) {
    const name = a[1]!.toLowerCase();
    if (seen.has(name) || !(GLOBAL.has(name) || OUTGOING_ATTRIBUTES[tag]?.includes(name))) continue;
    seen.add(name);
    let value: string | null = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
    value = name === 'class' ? allowedClasses(value) : allowedUrl(tag, name, value);
    if (value === null) continue;
    out.push(` ${name}="${escapeHtml(value)}"`);
  }
  if (tag === 'a') out.push(` rel="${LINK_REL}"`);
  return out.join('');
}

/** End of the tag starting at `from` (the index after its ">"), or -1 when the input ends first. */
function tagEnd(html: string, from: number): number {
  let quote: string | null = null;
  for (let j = from; j < html.length; j++) {
    const c = html[j]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j + 1;
  }
  return -1;
}

/**
 * The outgoing HTML policy (see the header). Plain string work, one pass, linear in the input: the same in
 * the renderer and in Node. What cannot be read to its end (a tag, comment or dropped element the input
 * cuts) is dropped with the rest of the input, as a browser drops it.
 */
export function sanitizeOutgoingHtml(html: string): string {
  const out: string[] = [];
  const name = /\/?([a-zA-Z][^\s/>]*)/y;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out.push(escapeText(decodeEntities(html.slice(i))));
      break;
    }
    if (lt > i) out.push(escapeText(decodeEntities(html.slice(i, lt))));
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    name.lastIndex = lt + 1;
    const m = /[a-zA-Z]/.test(next) || (next === '/' && /[a-zA-Z]/.test(html[lt + 2] ?? '')) ? name.exec(html) : null;
    if (!m) {
      if (next === '!' || next === '?' || next === '/') {
        // Doctype, processing instruction, CDATA, "</ …>": ignored up to the next ">".
        const end = html.indexOf('>', lt);
        if (end < 0) break;
        i = end + 1;
      } else {
        out.push('&lt;');
        i = lt + 1;
      }
      continue;
    }
    const end = tagEnd(html, name.lastIndex);
    if (end < 0) break;
    const closing = next === '/';
    const tag = m[1]!.toLowerCase();
    const attrs = html.slice(name.lastIndex, end - 1);
    i = end;
    if (DROPPED.has(tag)) {
      if (closing || /\/\s*$/.test(attrs)) continue;
      // Everything up to its end tag goes (script text, style sheets, frames, embedded documents).
      const close = new RegExp(`</${tag}[\\s/>]`, 'ig');
      close.lastIndex = i;
      const c = close.exec(html);
      if (!c) break;
      const after = html.indexOf('>', c.index);
      if (after < 0) break;
      i = after + 1;
      continue;
    }
    if (!TAGS.has(tag)) continue;
    if (closing) {
      if (!VOID.has(tag)) out.push(`</${tag}>`);
      continue;
    }
    out.push(`<${tag}${attributes(tag, attrs)}>`);
  }
  return out.join('');
}

/** What DOMPurify is told in the renderer (the same lists), before sanitizeOutgoingHtml has the last word. */
export const OUTGOING_PURIFY_CONFIG = {
  ALLOWED_TAGS: [...OUTGOING_TAGS],
  ALLOWED_ATTR: [...new Set([...GLOBAL_ATTRIBUTES, ...Object.values(OUTGOING_ATTRIBUTES).flat()])],
  ALLOWED_URI_REGEXP: /^(?:https:|mailto:|#|cid:|data:image\/(?:png|jpeg|gif);)/i,
  ALLOW_DATA_ATTR: false,
};
