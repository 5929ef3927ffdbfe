// Sanitizes a message's HTML with DOMPurify before it goes into the sandboxed frame: no scripts, no event
// handlers, no forms, no frames/objects; CSS kept (style attributes, <style> blocks incl. the head's) once
// made safe by css-policy; remote images removed unless the user allowed them (then replaced by the data
// URLs main fetched), cid: images replaced by their inline attachment.
import DOMPurify from 'dompurify';
import { sanitizeCss } from './css-policy';
import { parseWindow } from './parse-window';
import {
  FORBID_ATTR, FORBID_TAGS, type ImageSources, LOADING_ATTRS, isAllowedLink, resolveImageUrl, resolveSrcset,
} from './sanitize-policy';

export interface SanitizedHtml {
  html: string;
  /** Remote references removed because remote images are not allowed. */
  blockedRemote: number;
  /** The message's https links (the frame cannot open them: the reader lists them). */
  links: Array<{ href: string; text: string }>;
}

const MAX_LINKS = 50;
const DROP_WITH_CONTENT = new Set(['button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output', 'title', 'noscript', 'template', 'object', 'applet', 'iframe', 'frameset']);

/** `css: false` drops the message's CSS (the print view lives in the app's page, whose CSP refuses it). */
export function sanitizeMailHtml(raw: string, sources: ImageSources, options: { css?: boolean } = {}): SanitizedHtml {
  const css = options.css ?? true;
  // Parsed in the hidden frame's window, not the page's (parse-window.ts: no CSP report for what is only read).
  const w = parseWindow();
  const purifier = DOMPurify(w);
  let blockedRemote = 0;
  const links = new Map<string, string>();
  // Form controls and metadata go with their text (a removed <button> must not leave "Envoyer" behind).
  purifier.addHook('uponSanitizeElement', (node, data) => {
    if (DROP_WITH_CONTENT.has(data.tagName)) (node as Element).replaceChildren();
    if (data.tagName === 'style') {
      const r = sanitizeCss(node.textContent ?? '', sources);
      blockedRemote += r.blocked;
      node.textContent = r.css;
    }
  });
  purifier.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName !== 'style') return;
    const r = sanitizeCss(data.attrValue, sources);
    blockedRemote += r.blocked;
    data.attrValue = r.css;
  });
  purifier.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (!el.getAttribute) return;
    for (const attr of LOADING_ATTRS) {
      const value = el.getAttribute(attr);
      if (value === null) continue;
      if (attr === 'srcset') {
        const r = resolveSrcset(value, sources);
        blockedRemote += r.blocked;
        if (r.value) el.setAttribute(attr, r.value);
        else el.removeAttribute(attr);
        continue;
      }
      const r = resolveImageUrl(value, sources);
      if (r.blocked) blockedRemote++;
      if (r.value && (attr === 'src' || attr === 'background')) el.setAttribute(attr, r.value);
      else el.removeAttribute(attr);
    }
    if (el.tagName === 'A' || el.tagName === 'AREA') {
      const href = el.getAttribute('href');
      if (href !== null && !isAllowedLink(href)) el.removeAttribute('href');
      if (href && isAllowedLink(href)) {
        el.setAttribute('title', el.getAttribute('title') || href);
        if (/^\s*https:/i.test(href) && links.size < MAX_LINKS && !links.has(href.trim())) {
          links.set(href.trim(), (el.textContent ?? '').trim().slice(0, 120));
        }
      }
      el.setAttribute('rel', 'noopener noreferrer');
      // A new window needs allow-popups, which the frame does not have: the click does nothing instead of
      // navigating the frame away from the message.
      el.setAttribute('target', '_blank');
    } else if (el.hasAttribute('href')) {
      el.removeAttribute('href');
    }
  });
  // The head's <style> blocks (most HTML mail keeps its CSS there) are lost when only the body is kept.
  const headCss = !css ? '' : [...new w.DOMParser().parseFromString(raw, 'text/html').head.querySelectorAll('style')]
    .map((el) => el.textContent ?? '')
    .join('\n');
  const head = headCss.trim() ? sanitizeCss(headCss, sources) : null;
  blockedRemote += head?.blocked ?? 0;
  const html = purifier.sanitize(raw, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: css ? FORBID_TAGS : [...FORBID_TAGS, 'style'],
    FORBID_ATTR: css ? FORBID_ATTR : [...FORBID_ATTR, 'style'],
    ALLOW_DATA_ATTR: false,
    // The print view (css: false) is inserted into the app's own page: ids and names are prefixed
    // ("user-content-") so a message cannot clobber the app's DOM globals. The frame keeps them (anchors).
    SANITIZE_NAMED_PROPS: !css,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    ALLOW_SELF_CLOSE_IN_ATTR: false,
    WHOLE_DOCUMENT: false,
    RETURN_TRUSTED_TYPE: false,
  });
  purifier.removeAllHooks();
  return { html: (head ? `<style>${head.css}</style>` : '') + String(html), blockedRemote, links: [...links].map(([href, text]) => ({ href, text })) };
}

/** Escapes plain text for the print view. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
