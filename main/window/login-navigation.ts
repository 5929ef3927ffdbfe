// The app's own loopback redirect (RFC 8252) that ends a PSC browser login; the rest of the login
// window's policy (PSC origins only) is in login-policy.ts.
export function isLoopbackCallback(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' && u.hostname === '127.0.0.1' && u.pathname === '/callback';
  } catch {
    return false;
  }
}
