// The composer's side of the outgoing HTML policy (shared/outgoing-html.ts): DOMPurify, told the policy's
// own lists, parses what is pasted or loaded the way the browser would; the shared policy then has the
// last word, exactly as main applies it again before sending. Used on paste, on signatures and before
// saving or sending.
import DOMPurify from 'dompurify';
import { OUTGOING_PURIFY_CONFIG, sanitizeOutgoingHtml } from '../../../../shared/outgoing-html';
import { parseWindow } from '../mail/parse-window';

export function sanitizeComposeHtml(html: string): string {
  // Pasted HTML carries styles: read in the parse frame's window (no CSP report in the app page).
  const parsed = DOMPurify(parseWindow()).sanitize(html, { ...OUTGOING_PURIFY_CONFIG, RETURN_TRUSTED_TYPE: false });
  return sanitizeOutgoingHtml(String(parsed));
}
