// The only way a link leaves the app: https, no credentials in the URL, a public DNS name (no IP literal,
// no localhost, no single-label or .local name), checked in the main process before the OS opens it.
import net from 'node:net';

export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  // WHATWG URL parsing already turned decimal/hex IPv4 forms (2130706433, 0x7f.1) into dotted quads.
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!host || host.length > 253) return false;
  if (net.isIP(host.replace(/^\[|\]$/g, ''))) return false;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || !host.includes('.')) return false;
  return true;
}
