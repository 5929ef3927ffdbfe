// DOMPurify policy of the composer: what the rich-text editor may produce and send (no styles, no
// images from elsewhere, links https/mailto only). Used on paste, on signatures and before sending.
import DOMPurify from 'dompurify';
import { parseWindow } from '../mail/parse-window';

const ALLOWED_TAGS = ['p', 'div', 'br', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'ul', 'ol', 'li', 'a', 'blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'hr', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'sub', 'sup'];
const ALLOWED_ATTR = ['href', 'title', 'class', 'cite', 'type'];

export function sanitizeComposeHtml(html: string): string {
  // Pasted HTML carries styles: read in the parse frame's window (no CSP report in the app page).
  const purifier = DOMPurify(parseWindow());
  purifier.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.tagName === 'A') {
      el.setAttribute('rel', 'noopener noreferrer');
    }
    // Only our own marker classes survive (pasted classes mean nothing to the recipient).
    const cls = el.getAttribute?.('class');
    if (cls !== null && cls !== undefined) {
      const kept = cls.split(/\s+/).filter((c) => c.startsWith('mss-'));
      if (kept.length) el.setAttribute('class', kept.join(' '));
      else el.removeAttribute('class');
    }
  });
  const out = purifier.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    ALLOW_DATA_ATTR: false,
    RETURN_TRUSTED_TYPE: false,
  });
  purifier.removeAllHooks();
  return String(out);
}
