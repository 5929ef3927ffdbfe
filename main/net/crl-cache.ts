// Where CRLs come from and the "last good CRL kept" rule (MSSanté Ref#2): configured CRL files (re-read
// when they change), the HTTP distribution points named in certificates (re-fetched every hour, and when
// past nextUpdate), and, when neither answers, the last verified copy kept on disk in the app's data
// folder. A CRL is accepted only if signed by its CA and not older than the one already held (an old CRL
// replayed by whoever answers on the distribution point must not hide a newer revocation).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { type VerifiedCrl, crlFreshness, verifyCrl } from './crl';

/**
 * Default grace after nextUpdate: none. The requirement is quoted as "dernière CRL non expirée": a CRL past
 * its nextUpdate is not used, the connection is refused (RevocationUnavailableError 'expired'). An
 * installation may choose otherwise, knowingly, with `crlGraceHours` in its runtime configuration
 * (data/igc-sante-roots/README.md, "Revocation").
 */
export const DEFAULT_CRL_GRACE_MS = 0;
/** A CRL is fetched again after this even when still fresh (a revocation is published at once). */
export const DEFAULT_CRL_REFRESH_MS = 3600_000;
const MAX_CRL_BYTES = 20 * 1024 * 1024;

export interface CrlStoreOptions {
  /** Folder of the last good CRLs (app data). Absent: memory only. */
  cacheDir?: string;
  /** CRL files given by the installation (PEM or DER), e.g. the sandbox CA's. */
  crlFiles?: readonly string[];
  graceMs?: number;
  refreshAfterMs?: number;
  fetchCrl?: (url: string) => Promise<Buffer>;
  now?: () => Date;
}

export type CrlStatus = { state: 'ok'; crl: VerifiedCrl; inGrace: boolean } | { state: 'missing' } | { state: 'expired'; crl: VerifiedCrl };

interface Held {
  crl: VerifiedCrl;
  /** When a source last gave it (fetch or file read), ms. */
  checkedAt: number;
}

/** GET over http(s), size- and time-limited, no redirect to another scheme. */
export function fetchCrlOverHttp(url: string, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : null;
    if (!mod) {
      reject(new Error(`unsupported CRL URL scheme ${u.protocol}`));
      return;
    }
    const req = mod.get(u, { timeout: timeoutMs, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`CRL download failed: HTTP ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_CRL_BYTES) {
          req.destroy(new Error('CRL too large'));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('CRL download timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

export class CrlStore {
  private readonly held = new Map<string, Held>();
  private readonly issuers = new Map<string, crypto.X509Certificate>();
  private readonly urls = new Map<string, Set<string>>();
  private readonly fileStamps = new Map<string, string>();
  private readonly graceMs: number;
  private readonly refreshAfterMs: number;
  private readonly fetchCrl: (url: string) => Promise<Buffer>;
  private readonly now: () => Date;

  constructor(private readonly o: CrlStoreOptions = {}) {
    this.graceMs = o.graceMs ?? DEFAULT_CRL_GRACE_MS;
    this.refreshAfterMs = o.refreshAfterMs ?? DEFAULT_CRL_REFRESH_MS;
    this.fetchCrl = o.fetchCrl ?? ((url) => fetchCrlOverHttp(url));
    this.now = o.now ?? (() => new Date());
  }

  /** The CRL to use now for this CA (synchronous: runs inside the TLS handshake). */
  status(issuerFingerprint: string): CrlStatus {
    const h = this.held.get(issuerFingerprint);
    if (!h) return { state: 'missing' };
    const f = crlFreshness(h.crl, this.now(), this.graceMs);
    if (f === 'fresh' || f === 'grace') return { state: 'ok', crl: h.crl, inGrace: f === 'grace' };
    return { state: 'expired', crl: h.crl };
  }

  /** Brings this CA's CRL up to date from its sources; never throws (status() tells the outcome). */
  async refresh(issuer: crypto.X509Certificate, urls: readonly string[] = []): Promise<void> {
    const fp = issuer.fingerprint256;
    this.issuers.set(fp, issuer);
    const known = this.urls.get(fp) ?? new Set<string>();
    for (const u of urls) known.add(u);
    this.urls.set(fp, known);

    await this.readConfiguredFiles(issuer);
    const h = this.held.get(fp);
    const stale = !h || this.now().getTime() - h.checkedAt > this.refreshAfterMs || crlFreshness(h.crl, this.now(), 0) !== 'fresh';
    if (stale) {
      for (const url of known) {
        try {
          if (await this.offer(issuer, await this.fetchCrl(url))) break;
        } catch {
          // next distribution point, then the copy on disk
        }
      }
    }
    if (!this.held.has(fp)) await this.readDiskCopy(issuer);
  }

  /** Refreshes every CA met so far (cheap when nothing is stale). */
  async refreshKnown(): Promise<void> {
    await Promise.all([...this.issuers.values()].map((i) => this.refresh(i)));
  }

  private diskPath(fp: string): string | null {
    return this.o.cacheDir ? path.join(this.o.cacheDir, `${fp.replace(/:/g, '').toLowerCase()}.crl`) : null;
  }

  /** Keeps the CRL if it is this CA's, correctly signed and not older than the one held. */
  private async offer(issuer: crypto.X509Certificate, data: Buffer, fromDisk = false): Promise<boolean> {
    let crl: VerifiedCrl;
    try {
      crl = await verifyCrl(data, issuer);
    } catch {
      return false;
    }
    if (crlFreshness(crl, this.now(), this.graceMs) === 'not-yet-valid') return false;
    const current = this.held.get(issuer.fingerprint256);
    if (current && crl.thisUpdate.getTime() < current.crl.thisUpdate.getTime()) return false;
    this.held.set(issuer.fingerprint256, { crl, checkedAt: fromDisk ? 0 : this.now().getTime() });
    const file = this.diskPath(issuer.fingerprint256);
    if (file && !fromDisk) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        const tmp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
        fs.writeFileSync(tmp, crl.der, { mode: 0o600 });
        fs.renameSync(tmp, file);
      } catch {
        // the copy on disk is a fallback; the CRL in memory is still used
      }
    }
    return true;
  }

  private async readConfiguredFiles(issuer: crypto.X509Certificate): Promise<void> {
    for (const file of this.o.crlFiles ?? []) {
      let stamp: string;
      try {
        const st = fs.statSync(file);
        stamp = `${st.mtimeMs}:${st.size}`;
      } catch {
        continue;
      }
      const key = `${issuer.fingerprint256}|${file}`;
      if (this.fileStamps.get(key) === stamp && this.held.has(issuer.fingerprint256)) {
        const h = this.held.get(issuer.fingerprint256)!;
        h.checkedAt = this.now().getTime(); // an unchanged local file is as current as a fresh fetch
        continue;
      }
      try {
        if (await this.offer(issuer, fs.readFileSync(file))) this.fileStamps.set(key, stamp);
      } catch {
        // unreadable file: other sources
      }
    }
  }

  private async readDiskCopy(issuer: crypto.X509Certificate): Promise<void> {
    const file = this.diskPath(issuer.fingerprint256);
    if (!file || !fs.existsSync(file)) return;
    try {
      await this.offer(issuer, fs.readFileSync(file), true);
    } catch {
      // damaged copy: nothing to fall back on
    }
  }
}
