// Fetches the remote images of a message from main, on the user's request only, and returns them as data
// URLs: the page never contacts a remote server. Limits: https only (http only in test mode), image/*
// (no SVG) only, size and count caps, timeouts, no cookies or credentials, no private/loopback targets.
import dns from 'node:dns/promises';
import net from 'node:net';

export interface RemoteImageLimits {
  maxImages: number;
  maxBytesPerImage: number;
  maxTotalBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  concurrency: number;
  /** Test mode only: allow plain http and loopback/private addresses (the sandbox serves them). */
  allowInsecureForTests: boolean;
}

export const DEFAULT_REMOTE_LIMITS: RemoteImageLimits = {
  maxImages: 60,
  maxBytesPerImage: 5 * 1024 * 1024,
  maxTotalBytes: 20 * 1024 * 1024,
  timeoutMs: 10_000,
  maxRedirects: 3,
  concurrency: 4,
  allowInsecureForTests: false,
};

const ALLOWED_IMAGE = /^image\/(png|jpeg|jpg|pjpeg|gif|webp|bmp|x-icon|vnd\.microsoft\.icon|avif)$/;

export function isAllowedImageType(contentType: string | null): string | null {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return ALLOWED_IMAGE.test(mime) ? mime : null;
}

/** True for addresses a mail must never make us contact (loopback, private, link-local, ...). */
export function isPrivateAddress(ip: string): boolean {
  if (net.isIPv4(ip)) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  if (net.isIPv6(ip)) {
    const l = ip.toLowerCase();
    if (l === '::' || l === '::1') return true;
    if (l.startsWith('::ffff:')) return isPrivateAddress(l.slice(7));
    return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(l);
  }
  return true;
}

export function checkUrlAllowed(raw: string, limits: Pick<RemoteImageLimits, 'allowInsecureForTests'>): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && limits.allowInsecureForTests) return url;
  return null;
}

async function resolvesPublic(host: string): Promise<boolean> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (net.isIP(bare)) return !isPrivateAddress(bare);
  try {
    const addrs = await dns.lookup(bare, { all: true, verbatim: true });
    return addrs.length > 0 && addrs.every((a) => !isPrivateAddress(a.address));
  } catch {
    return false;
  }
}

async function readLimited(res: Response, max: number): Promise<Buffer | null> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) return null;
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** One image as a data URL, or null when refused or failed (reasons are not shown per image). */
export async function fetchImageAsDataUrl(raw: string, limits: RemoteImageLimits, budget: { left: number }): Promise<string | null> {
  let current = raw;
  for (let hop = 0; hop <= limits.maxRedirects; hop++) {
    const url = checkUrlAllowed(current, limits);
    if (!url) return null;
    if (!limits.allowInsecureForTests && !(await resolvesPublic(url.hostname))) return null;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'GET',
        redirect: 'manual',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        headers: { Accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9', 'User-Agent': 'Mozilla/5.0' },
        signal: AbortSignal.timeout(limits.timeoutMs),
      });
    } catch {
      return null;
    }
    if (res.status >= 300 && res.status < 400) {
      const loc = res.headers.get('location');
      await res.body?.cancel().catch(() => {});
      if (!loc) return null;
      current = new URL(loc, url).toString();
      continue;
    }
    const mime = isAllowedImageType(res.headers.get('content-type'));
    if (!res.ok || !mime) {
      await res.body?.cancel().catch(() => {});
      return null;
    }
    let data: Buffer | null;
    try {
      data = await readLimited(res, Math.min(limits.maxBytesPerImage, budget.left));
    } catch {
      return null;
    }
    if (!data || data.length === 0) return null;
    budget.left -= data.length;
    return `data:${mime};base64,${data.toString('base64')}`;
  }
  return null;
}

/** Fetches up to maxImages URLs with a small concurrency; returns url → data URL for those that worked. */
export async function fetchRemoteImages(urls: readonly string[], limits: RemoteImageLimits = DEFAULT_REMOTE_LIMITS): Promise<Record<string, string>> {
  const queue = urls.slice(0, limits.maxImages);
  const out: Record<string, string> = {};
  const budget = { left: limits.maxTotalBytes };
  const worker = async () => {
    for (let u = queue.shift(); u !== undefined; u = queue.shift()) {
      if (budget.left <= 0) return;
      const d = await fetchImageAsDataUrl(u, limits, budget);
      if (d) out[u] = d;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limits.concurrency) }, worker));
  return out;
}
