// What the message HTML sanitizer keeps and how it treats URLs (pure: unit tested without a DOM).
// The sanitized HTML is shown in <iframe sandbox=""> loaded from main (frames.open): no scripts, opaque
// origin, and the frame's own CSP (inline CSS and data: images only).
import { isRemoteUrl, normalizeRemote, parseSrcset } from '../../../../shared/remote-urls';

export { parseSrcset };

/** Elements removed with their content: active content, forms, frames, external CSS, metadata. */
export const FORBID_TAGS = [
  'script', 'noscript', 'template', 'link', 'meta', 'base', 'title', 'head',
  'form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output', 'fieldset', 'label',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'portal', 'fencedframe',
  'audio', 'video', 'source', 'track', 'picture', 'canvas', 'svg', 'math', 'dialog', 'slot',
];

/** Attributes removed everywhere (style is kept, made safe by css-policy). */
export const FORBID_ATTR = [
  'srcdoc', 'action', 'formaction', 'ping', 'form', 'autofocus', 'contenteditable', 'popover',
  'xlink:href', 'manifest', 'itemtype', 'itemid', 'integrity', 'crossorigin', 'nonce',
];

/** Attributes that load a resource when rendered. */
export const LOADING_ATTRS = ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc', 'longdesc', 'data'];


export function isSafeImageDataUrl(url: string): boolean {
  return /^\s*data:image\/(png|jpe?g|gif|webp|bmp|avif);base64,[a-z0-9+/=\s]+$/i.test(url);
}

export function isCid(url: string): boolean {
  return /^\s*cid:/i.test(url);
}

export function cidKey(url: string): string {
  return decodeURIComponent(url.trim().replace(/^cid:/i, '')).replace(/^<|>$/g, '').toLowerCase();
}

export interface ImageSources {
  /** Remote URL → data URL, once the user allowed remote images (fetched by main). */
  remote: Record<string, string> | null;
  /** Content-ID (lowercase, no brackets) → data URL of inline attachments. */
  cid: Record<string, string>;
}

/**
 * What an image-loading attribute becomes: a data URL (kept or substituted), or null (removed).
 * `blocked` is true when a remote reference was removed because remote images are not allowed.
 */
export function resolveImageUrl(url: string, sources: ImageSources): { value: string | null; blocked: boolean } {
  const u = url.trim();
  if (!u) return { value: null, blocked: false };
  if (isSafeImageDataUrl(u)) return { value: u, blocked: false };
  if (isCid(u)) return { value: sources.cid[cidKey(u)] ?? null, blocked: false };
  if (isRemoteUrl(u)) {
    const inlined = sources.remote?.[normalizeRemote(u)] ?? sources.remote?.[u];
    return inlined ? { value: inlined, blocked: false } : { value: null, blocked: true };
  }
  return { value: null, blocked: false };
}


/** A srcset keeps only the candidates that resolve to data URLs. */
export function resolveSrcset(value: string, sources: ImageSources): { value: string | null; blocked: number } {
  let blocked = 0;
  const kept: string[] = [];
  for (const { url, descriptor } of parseSrcset(value)) {
    const r = resolveImageUrl(url, sources);
    if (r.blocked) blocked++;
    if (r.value) kept.push(descriptor ? `${r.value} ${descriptor}` : r.value);
  }
  return { value: kept.length ? kept.join(', ') : null, blocked };
}

/** Links stay readable and hoverable; only these schemes are kept. */
export function isAllowedLink(href: string): boolean {
  return /^\s*(https?:|mailto:|tel:|#)/i.test(href);
}

/** Base look of a message; the message's own CSS comes after it and wins. */
const FRAME_BASE_CSS =
  'html{background:#fff}body{margin:0;padding:12px 16px;color:#1b2733;background:#fff;' +
  'font:14px/1.5 "Segoe UI",Cantarell,"DejaVu Sans","Liberation Sans",Arial,sans-serif;overflow-wrap:anywhere}' +
  'a{color:#0b5cad}img{max-width:100%;height:auto}pre{white-space:pre-wrap}blockquote{margin:0 0 0 .8em;' +
  'padding-left:.8em;border-left:3px solid #c9d3de;color:#42566b}';

/** The document put in the sandboxed frame (presentational attributes too, for the srcdoc fallback). */
export function wrapForFrame(bodyHtml: string, lang: string): string {
  return (
    `<!doctype html><html lang="${lang === 'en' ? 'en' : 'fr'}"><head><meta charset="utf-8">` +
    `<meta name="referrer" content="no-referrer"><style>${FRAME_BASE_CSS}</style></head>` +
    `<body bgcolor="#ffffff" text="#1b2733" link="#0b5cad" vlink="#5b3a9a">${bodyHtml}</body></html>`
  );
}
