// HTML of the rich-text editor, re-checked in main before it is sent: rebuilt from an allowlist of tags
// and attributes (no script, style, event handler, form, remote resource or javascript: link), plus a
// plain-text rendering for the text/plain alternative.
const ALLOWED_TAGS = new Set([
  'p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'sub', 'sup', 'ul', 'ol', 'li', 'blockquote', 'a', 'span', 'div',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'code', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'hr', 'img', 'font', 'small', 'big',
]);
const VOID_TAGS = new Set(['br', 'hr', 'img']);
/** Elements removed with their content. */
const DROP_WITH_CONTENT = /<(script|style|iframe|object|embed|template|noscript|svg|math|form|textarea|select|title|head)\b[\s\S]*?<\/\1\s*>/gi;
const ALLOWED_ATTRS: Record<string, Set<string>> = {
  a: new Set(['href', 'title']),
  img: new Set(['src', 'alt', 'width', 'height']),
  td: new Set(['colspan', 'rowspan', 'align']),
  th: new Set(['colspan', 'rowspan', 'align']),
  p: new Set(['align']),
  div: new Set(['align']),
  font: new Set(['color', 'size']),
};
const COMMON_ATTRS = new Set(['dir', 'lang']);

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function safeUrl(tag: string, name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (tag === 'a' && name === 'href') return /^(https:|mailto:|#)/.test(v);
  if (tag === 'img' && name === 'src') return /^(cid:|data:image\/(png|jpeg|gif);)/.test(v);
  return true;
}

function decodeAttr(v: string): string {
  return v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function sanitizeHtml(html: string): string {
  const cleaned = html.replace(/<!--[\s\S]*?-->/g, '').replace(DROP_WITH_CONTENT, '');
  const out: string[] = [];
  const re = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>|([^<]+)|(<)/g;
  for (let m = re.exec(cleaned); m; m = re.exec(cleaned)) {
    if (m[3] !== undefined) {
      out.push(m[3].replace(/>/g, '&gt;'));
      continue;
    }
    if (m[4] !== undefined) {
      out.push('&lt;');
      continue;
    }
    const tag = m[1]!.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) continue;
    if (m[0].startsWith('</')) {
      if (!VOID_TAGS.has(tag)) out.push(`</${tag}>`);
      continue;
    }
    const attrs: string[] = [];
    const allowed = ALLOWED_ATTRS[tag];
    const attrRe = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
    for (let a = attrRe.exec(m[2] ?? ''); a; a = attrRe.exec(m[2] ?? '')) {
      const name = a[1]!.toLowerCase();
      if (!(allowed?.has(name) || COMMON_ATTRS.has(name))) continue;
      const value = decodeAttr(a[2] ?? a[3] ?? a[4] ?? '');
      if (!safeUrl(tag, name, value)) continue;
      attrs.push(` ${name}="${escapeHtml(value)}"`);
    }
    if (tag === 'a') attrs.push(' rel="noopener noreferrer"');
    out.push(`<${tag}${attrs.join('')}>`);
  }
  return out.join('');
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** Plain-text rendering of (sanitized) HTML: blocks become lines, links keep their target. */
export function htmlToText(html: string): string {
  return html
    .replace(DROP_WITH_CONTENT, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|blockquote|pre|table)>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<a\b[^>]*href="(https:[^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => (label.includes(href) ? label : `${label} (${href})`))
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16) || 0xfffd);
      if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10) || 0xfffd);
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text → simple HTML paragraphs (escaped). */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n\r?\n/)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}
