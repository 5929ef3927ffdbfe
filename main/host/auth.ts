// Authentication of browser-host connections: a random per-run secret (carried as a WebSocket
// subprotocol, since browsers cannot set headers on WebSocket), the exact loopback origin, and the
// exact Host header (defeats DNS rebinding).
import crypto from 'node:crypto';

export const BRIDGE_PROTOCOL = 'mss-bridge.v1';
export const SECRET_PROTOCOL_PREFIX = 'mss-secret.';

export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function secretsEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export interface UpgradeRequestInfo {
  host: string | undefined;
  origin: string | undefined;
  protocols: string[];
}

export type UpgradeDecision = { ok: true } | { ok: false; status: 400 | 401 | 403; reason: string };

export function checkUpgrade(req: UpgradeRequestInfo, port: number, secret: string): UpgradeDecision {
  if (!req.host || !allowedHosts(port).has(req.host)) return { ok: false, status: 403, reason: 'bad-host' };
  const origins = [...allowedHosts(port)].map((h) => `http://${h}`);
  if (!req.origin || !origins.includes(req.origin)) return { ok: false, status: 403, reason: 'bad-origin' };
  if (!req.protocols.includes(BRIDGE_PROTOCOL)) return { ok: false, status: 400, reason: 'bad-protocol' };
  const offered = req.protocols.find((p) => p.startsWith(SECRET_PROTOCOL_PREFIX));
  if (!offered || !secretsEqual(offered.slice(SECRET_PROTOCOL_PREFIX.length), secret)) {
    return { ok: false, status: 401, reason: 'bad-secret' };
  }
  return { ok: true };
}
