// Where the PSC login window may go: https pages (PSC and its identity pages) and the app's own
// loopback redirect (RFC 8252) — nothing else (no http elsewhere, no file:, no custom schemes).
export function isLoopbackCallback(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' && u.hostname === '127.0.0.1' && u.pathname === '/callback';
  } catch {
    return false;
  }
}

export function loginNavigationAllowed(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || isLoopbackCallback(raw);
  } catch {
    return false;
  }
}
