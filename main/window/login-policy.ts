// The PSC login window's policy as plain functions (no Electron import, unit-tested); login-window.ts
// only wires them. The window may show the PSC origins of the configuration (issuer, its endpoints, the
// authorization URL it opened, their sibling hosts under the same PSC domain) and reach the app's loopback
// callback; the CPS card's client certificate is offered to those origins only; no permission, no download.
import net from 'node:net';
import { isLoopbackCallback } from './login-navigation';

export interface LoginPolicy {
  origins: ReadonlySet<string>;
  /** Parent domains whose hosts are PSC's too (e.g. esw.esante.gouv.fr for auth.esw.esante.gouv.fr). */
  domains: readonly string[];
  /** Sandbox: its PSC and card pages are on loopback https ports. */
  testMode: boolean;
}

interface PscUrls {
  issuer: string;
  discoveryUrl?: string;
  authUrl?: string;
  tokenUrl?: string;
}

function httpsUrl(raw: string): URL | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' && !u.username && !u.password ? u : null;
  } catch {
    return null;
  }
}

const isLoopbackHost = (h: string) => h === '127.0.0.1' || h === '[::1]' || h === 'localhost';

export function pscLoginPolicy(input: { loginUrl: string; psc: readonly PscUrls[]; extraOrigins?: readonly string[]; testMode?: boolean }): LoginPolicy {
  const urls = [input.loginUrl, ...input.psc.flatMap((p) => [p.issuer, p.discoveryUrl, p.authUrl, p.tokenUrl]), ...(input.extraOrigins ?? [])]
    .filter((u): u is string => !!u)
    .map(httpsUrl)
    .filter((u): u is URL => u !== null);
  const domains = new Set<string>();
  for (const u of urls) {
    const labels = u.hostname.split('.');
    // Only a parent that is itself a specific domain (3 labels or more): never "gouv.fr" or "example.com".
    if (!net.isIP(u.hostname.replace(/^\[|\]$/g, '')) && labels.length >= 4) domains.add(labels.slice(1).join('.'));
  }
  return { origins: new Set(urls.map((u) => u.origin)), domains: [...domains], testMode: input.testMode ?? false };
}

function isPscOrigin(raw: string, policy: LoginPolicy | null): boolean {
  if (!policy) return false;
  const u = httpsUrl(raw);
  if (!u) return false;
  if (policy.origins.has(u.origin)) return true;
  if (policy.testMode && isLoopbackHost(u.hostname)) return true;
  return policy.domains.some((d) => u.hostname.endsWith(`.${d}`));
}

/** will-navigate / will-redirect of the login window. */
export function loginNavigationAllowed(raw: string, policy: LoginPolicy | null): boolean {
  return isLoopbackCallback(raw) || isPscOrigin(raw, policy);
}

/** select-client-certificate: the card's certificate goes to PSC, never to another site. */
export function clientCertificateAllowed(url: string, policy: LoginPolicy | null): boolean {
  return isPscOrigin(url, policy);
}

/** setPermissionCheckHandler / setPermissionRequestHandler of the login session. */
export function loginPermissionAllowed(_permission: string): boolean {
  return false;
}

/** will-download of the login session. */
export function loginDownloadAllowed(): boolean {
  return false;
}
