// The composer's side of the outgoing HTML policy (shared/outgoing-html.ts): DOMPurify, told the policy's
// own lists, parses what is pasted or loaded the way the browser would; the shared policy then has the
// last word, exactly as main applies it again before sending. Used on paste, on signatures and before
// saving or sending.
import DOMPurify from 'dompurify';
import { OUTGOING_PURIFY_CONFIG, sanitizeOutgoingHtml } from '../../../../shared/outgoing-html';

export function sanitizeComposeHtml(html: string): string {
  const parsed = DOMPurify(window).sanitize(html, { ...OUTGOING_PURIFY_CONFIG, RETURN_TRUSTED_TYPE: false });
  return sanitizeOutgoingHtml(String(parsed));
}
