// Fetches the remote images of a message from main, on the user's request only, and returns them as data
// URLs: the page never contacts a remote server. Limits: https only (http only in test mode), image/*
// (no SVG) only, size and count caps, timeouts, no cookies or credentials, no private/loopback targets.
// The address policy is the app's one module (main/net/address-policy), and the socket connects to the
// address that policy checked: the checking lookup is the socket's own (no second DNS lookup).
import http from 'node:http';
import https from 'node:https';
import { checkedLookup, isPrivateAddress } from '../net/address-policy';

export { isPrivateAddress };

export interface RemoteImageLimits {
  maxImages: number;
  maxBytesPerImage: number;
  maxTotalBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  concurrency: number;
  /** Test mode only: allow plain http and loopback/private addresses (the sandbox serves them). */
  allowInsecureForTests: boolean;
  /** DNS servers instead of the system resolver (tests). */
  dnsServers?: string[];
  /** Extra trusted roots (tests); default: the system store. */
  ca?: Buffer[];
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

interface Answer {
  status: number;
  location: string | null;
  contentType: string | null;
  body: http.IncomingMessage;
}

function get(url: URL, limits: RemoteImageLimits): Promise<Answer> {
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, {
      method: 'GET',
      lookup: checkedLookup({ allowPrivate: limits.allowInsecureForTests, dnsServers: limits.dnsServers }),
      agent: false,
      headers: { Accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9', 'User-Agent': 'Mozilla/5.0' },
      signal: AbortSignal.timeout(limits.timeoutMs),
      ...(url.protocol === 'https:' ? { minVersion: 'TLSv1.2' as const, ...(limits.ca?.length ? { ca: limits.ca } : {}) } : {}),
    }, (res) => resolve({
      status: res.statusCode ?? 0,
      location: typeof res.headers.location === 'string' ? res.headers.location : null,
      contentType: res.headers['content-type'] ?? null,
      body: res,
    }));
    req.on('error', reject);
    req.end();
  });
}

async function readLimited(res: http.IncomingMessage, max: number): Promise<Buffer | null> {
  const declared = Number(res.headers['content-length'] ?? '0');
  if (declared > max) {
    res.destroy();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      res.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** One image as a data URL, or null when refused or failed (reasons are not shown per image). */
export async function fetchImageAsDataUrl(raw: string, limits: RemoteImageLimits, budget: { left: number }): Promise<string | null> {
  let current = raw;
  for (let hop = 0; hop <= limits.maxRedirects; hop++) {
    const url = checkUrlAllowed(current, limits);
    if (!url) return null;
    let res: Answer;
    try {
      res = await get(url, limits);
    } catch {
      return null;
    }
    if (res.status >= 300 && res.status < 400) {
      res.body.destroy();
      if (!res.location) return null;
      current = new URL(res.location, url).toString();
      continue;
    }
    const mime = isAllowedImageType(res.contentType);
    if (res.status !== 200 || !mime) {
      res.body.destroy();
      return null;
    }
    let data: Buffer | null;
    try {
      data = await readLimited(res.body, Math.min(limits.maxBytesPerImage, budget.left));
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
