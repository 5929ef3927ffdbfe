// CRL parsing, signature and freshness rules, the "last good CRL kept" store and the chain verdict,
// on a throw-away CA generated in memory (WebCrypto), no server.
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DetailedPeerCertificate } from 'node:tls';
import {
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509CertificateGenerator,
  X509CrlGenerator,
  type X509Certificate as PCert,
} from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrlError, crlDistributionUrls, crlFreshness, isRevoked, normalizeSerial, verifyCrl } from '../../../main/net/crl';
import { CrlStore } from '../../../main/net/crl-cache';
import { RevocationChecker, RevocationPendingError, RevocationUnavailableError, ServerCertificateRevokedError, withRevocationCheck } from '../../../main/net/revocation';

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86400_000;
const now = new Date();

interface Ca {
  cert: PCert;
  keys: CryptoKeyPair;
  node: crypto.X509Certificate;
}

async function makeCa(name: string): Promise<Ca> {
  const keys = (await crypto.webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${name}, O=TEST IGC-SANTE (NOT REAL), C=FR`,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 365 * DAY),
    keys,
    signingAlgorithm: alg,
    extensions: [new BasicConstraintsExtension(true, undefined, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)],
  });
  return { cert, keys, node: new crypto.X509Certificate(Buffer.from(cert.rawData)) };
}

/** An intermediate CA under `root` (as AC IGC-SANTE ELEMENTAIRE ORGANISATIONS under ACR-EL). */
async function makeIntermediate(root: Ca, name: string, serial: string, crlUrl: string): Promise<Ca> {
  const keys = (await crypto.webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${name}, O=TEST IGC-SANTE (NOT REAL), C=FR`,
    issuer: root.cert.subject,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: root.keys.privateKey,
    signingAlgorithm: alg,
    extensions: [new BasicConstraintsExtension(true, 0, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true), new CRLDistributionPointsExtension([crlUrl])],
  });
  return { cert, keys, node: new crypto.X509Certificate(Buffer.from(cert.rawData)) };
}

async function makeLeaf(ca: Ca, serial: string, crlUrl?: string): Promise<crypto.X509Certificate> {
  const keys = (await crypto.webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await X509CertificateGenerator.create({
    serialNumber: serial,
    subject: 'CN=imap.test.mssante.fr',
    issuer: ca.cert.subject,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 90 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: alg,
    extensions: crlUrl ? [new CRLDistributionPointsExtension([crlUrl])] : [],
  });
  return new crypto.X509Certificate(Buffer.from(cert.rawData));
}

async function makeCrl(ca: Ca, revoked: string[], o: { thisUpdate?: Date; nextUpdate?: Date; signWith?: CryptoKey } = {}): Promise<Buffer> {
  const crl = await X509CrlGenerator.create({
    issuer: ca.cert.subject,
    thisUpdate: o.thisUpdate ?? new Date(now.getTime() - 3600_000),
    nextUpdate: o.nextUpdate ?? new Date(now.getTime() + 7 * DAY),
    entries: revoked.map((serialNumber) => ({ serialNumber, revocationDate: new Date(now.getTime() - 7200_000) })),
    signingKey: o.signWith ?? ca.keys.privateKey,
    signingAlgorithm: alg,
  });
  return Buffer.from(crl.rawData);
}

/** The shape Node gives checkServerIdentity: leaf with its issuer chain (root points to itself). */
function peer(chain: crypto.X509Certificate[]): DetailedPeerCertificate {
  const nodes = chain.map((c) => ({ raw: c.raw, fingerprint256: c.fingerprint256, serialNumber: c.serialNumber }) as unknown as DetailedPeerCertificate);
  nodes.forEach((n, i) => ((n as { issuerCertificate: DetailedPeerCertificate }).issuerCertificate = nodes[i + 1] ?? n));
  return nodes[0]!;
}

let ca: Ca;
let other: Ca;
let good: crypto.X509Certificate;
let revoked: crypto.X509Certificate;
let tmp: string;

beforeAll(async () => {
  ca = await makeCa('TEST AC IGC-SANTE');
  other = await makeCa('TEST AC AUTRE');
  good = await makeLeaf(ca, '1001');
  revoked = await makeLeaf(ca, '00BEEF', 'http://crl.test.invalid/ac.crl');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crl-unit-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('CRL parsing and signature', () => {
  it('accepts a CRL signed by its CA (DER and PEM) and lists its revoked serials', async () => {
    const der = await makeCrl(ca, ['BEEF']);
    const v = await verifyCrl(der, ca.node);
    expect(isRevoked(v, revoked.serialNumber)).toBe(true);
    expect(isRevoked(v, good.serialNumber)).toBe(false);
    const pem = `-----BEGIN X509 CRL-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END X509 CRL-----\n`;
    expect((await verifyCrl(Buffer.from(pem), ca.node)).revoked.size).toBe(1);
  });
  it('refuses a CRL of another CA, a forged signature, garbage', async () => {
    await expect(verifyCrl(await makeCrl(other, []), ca.node)).rejects.toMatchObject({ code: 'wrong-issuer' });
    await expect(verifyCrl(await makeCrl(ca, [], { signWith: other.keys.privateKey }), ca.node)).rejects.toMatchObject({ code: 'bad-signature' });
    await expect(verifyCrl(Buffer.from('not a crl'), ca.node)).rejects.toBeInstanceOf(CrlError);
  });
  it('normalizes serial numbers and reads CRL distribution points', () => {
    expect(normalizeSerial('00:be:ef')).toBe('BEEF');
    expect(normalizeSerial('0')).toBe('0');
    expect(crlDistributionUrls(revoked.raw)).toEqual(['http://crl.test.invalid/ac.crl']);
    expect(crlDistributionUrls(good.raw)).toEqual([]);
  });
  it('freshness: fresh until nextUpdate, then grace, then expired; future CRLs not yet valid', () => {
    const crl = { thisUpdate: new Date('2025-01-01T00:00:00Z'), nextUpdate: new Date('2025-01-08T00:00:00Z') };
    const grace = 72 * 3600_000;
    expect(crlFreshness(crl, new Date('2025-01-07T23:00:00Z'), grace)).toBe('fresh');
    expect(crlFreshness(crl, new Date('2025-01-10T23:00:00Z'), grace)).toBe('grace');
    expect(crlFreshness(crl, new Date('2025-01-11T00:00:01Z'), grace)).toBe('expired');
    expect(crlFreshness(crl, new Date('2024-12-31T23:00:00Z'), grace)).toBe('not-yet-valid');
    expect(crlFreshness({ thisUpdate: crl.thisUpdate, nextUpdate: null }, new Date('2025-01-01T01:00:00Z'), 0)).toBe('expired');
  });
});

describe('CRL store: last good CRL kept', () => {
  it('keeps the fetched CRL on disk and uses it when the distribution point is down, within the grace period', async () => {
    const dir = path.join(tmp, 'keep');
    const der = await makeCrl(ca, ['BEEF'], { nextUpdate: new Date(now.getTime() + DAY) });
    let fetches = 0;
    const online = new CrlStore({ cacheDir: dir, fetchCrl: async () => (fetches++, der) });
    await online.refresh(ca.node, ['http://crl.test.invalid/ac.crl']);
    expect(fetches).toBe(1);
    expect(online.status(ca.node.fingerprint256).state).toBe('ok');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.crl'))).toHaveLength(1);

    const down = async (): Promise<Buffer> => {
      throw new Error('ECONNREFUSED');
    };
    // Restarted app, CRL server down: the copy on disk answers.
    const offline = new CrlStore({ cacheDir: dir, fetchCrl: down });
    await offline.refresh(ca.node, ['http://crl.test.invalid/ac.crl']);
    expect(offline.status(ca.node.fingerprint256)).toMatchObject({ state: 'ok', inGrace: false });
    // Past nextUpdate, by default: refused at once ("dernière CRL non expirée", no silent grace).
    const strict = new CrlStore({ cacheDir: dir, fetchCrl: down, now: () => new Date(now.getTime() + DAY + 60_000) });
    await strict.refresh(ca.node, ['http://crl.test.invalid/ac.crl']);
    expect(strict.status(ca.node.fingerprint256).state).toBe('expired');
    // An installation that chose a grace (crlGraceHours: 72): two days after nextUpdate still used…
    const graceMs = 72 * 3600_000;
    const later = new CrlStore({ cacheDir: dir, fetchCrl: down, graceMs, now: () => new Date(now.getTime() + 3 * DAY) });
    await later.refresh(ca.node, ['http://crl.test.invalid/ac.crl']);
    expect(later.status(ca.node.fingerprint256)).toMatchObject({ state: 'ok', inGrace: true });
    // …five days after: refused.
    const tooLate = new CrlStore({ cacheDir: dir, fetchCrl: down, graceMs, now: () => new Date(now.getTime() + 5 * DAY) });
    await tooLate.refresh(ca.node, ['http://crl.test.invalid/ac.crl']);
    expect(tooLate.status(ca.node.fingerprint256).state).toBe('expired');
  });
  it('never replaces a CRL with an older one (replayed CRL hiding a revocation)', async () => {
    const newer = await makeCrl(ca, ['BEEF'], { thisUpdate: new Date(now.getTime() - 3600_000) });
    const older = await makeCrl(ca, [], { thisUpdate: new Date(now.getTime() - 2 * DAY) });
    let serve = newer;
    const store = new CrlStore({ fetchCrl: async () => serve, refreshAfterMs: 0 });
    await store.refresh(ca.node, ['http://x.invalid/a.crl']);
    serve = older;
    await store.refresh(ca.node);
    const s = store.status(ca.node.fingerprint256);
    expect(s.state === 'ok' && isRevoked(s.crl, 'BEEF')).toBe(true);
  });
  it('re-reads a configured CRL file when it changes', async () => {
    const file = path.join(tmp, 'ca.crl');
    fs.writeFileSync(file, await makeCrl(ca, [], { thisUpdate: new Date(now.getTime() - 2 * 3600_000) }));
    const store = new CrlStore({ crlFiles: [file] });
    await store.refresh(ca.node);
    let s = store.status(ca.node.fingerprint256);
    expect(s.state === 'ok' && isRevoked(s.crl, 'BEEF')).toBe(false);
    fs.writeFileSync(file, await makeCrl(ca, ['BEEF']));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await store.refresh(ca.node);
    s = store.status(ca.node.fingerprint256);
    expect(s.state === 'ok' && isRevoked(s.crl, 'BEEF')).toBe(true);
  });
});

describe('chain verdict', () => {
  const pem = () => [ca.node.toString()];
  it('revoked leaf → ServerCertificateRevokedError; good leaf passes; other roots are not checked', async () => {
    const der = await makeCrl(ca, ['BEEF']);
    const checker = new RevocationChecker({ anchorsPem: pem() }, new CrlStore({ fetchCrl: async () => der }));
    await checker.store.refresh(ca.node, ['http://x.invalid/a.crl']);
    expect(checker.checkChain('imap.test.mssante.fr', peer([revoked, ca.node]))).toBeInstanceOf(ServerCertificateRevokedError);
    expect(checker.checkChain('imap.test.mssante.fr', peer([revoked]))).toBeInstanceOf(ServerCertificateRevokedError); // root not sent
    expect(checker.checkChain('imap.test.mssante.fr', peer([good, ca.node]))).toBeUndefined();
    const foreign = await makeLeaf(other, 'BEEF');
    expect(checker.checkChain('example.org', peer([foreign, other.node]))).toBeUndefined();
    const err = checker.checkChain('imap.test.mssante.fr', peer([revoked, ca.node]))!;
    expect(err.message).toMatch(/a été révoqué.*aucun identifiant n'a été envoyé.*Contactez votre opérateur/);
  });
  it('unknown CA CRL → pending with the distribution points, fetched, then the verdict', async () => {
    const der = await makeCrl(ca, ['BEEF']);
    const urls: string[] = [];
    const checker = new RevocationChecker({ anchorsPem: pem() }, new CrlStore({ fetchCrl: async (u) => (urls.push(u), der) }));
    const pending = checker.checkChain('h', peer([revoked, ca.node]));
    expect(pending).toBeInstanceOf(RevocationPendingError);
    let attempts = 0;
    const outcome = await withRevocationCheck(checker, async () => {
      attempts++;
      const e = checker.checkChain('h', peer([revoked, ca.node]));
      if (e) throw e;
      return 'connected';
    }).catch((e: unknown) => e);
    expect(attempts).toBe(2);
    expect(urls).toEqual(['http://crl.test.invalid/ac.crl']);
    expect(outcome).toBeInstanceOf(ServerCertificateRevokedError);
  });
  it('root and intermediate both configured (IGC-Santé): both CRLs of the chain are checked', async () => {
    const root = await makeCa('TEST AC RACINE IGC-SANTE ELEMENTAIRE');
    const inter = await makeIntermediate(root, 'TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS', '1120', 'http://crl.test.invalid/ACR-EL.crl');
    const leaf = await makeLeaf(inter, '2001', 'http://crl.test.invalid/ACI-EL-ORG.crl');
    const anchorsPem = [root.node.toString(), inter.node.toString()];
    const fetched: string[] = [];
    const crls = async (rootRevokes: string[]) => ({
      'http://crl.test.invalid/ACR-EL.crl': await makeCrl(root, rootRevokes),
      'http://crl.test.invalid/ACI-EL-ORG.crl': await makeCrl(inter, []),
    });
    const verdict = async (served: Record<string, Buffer>, chain: crypto.X509Certificate[]) => {
      const checker = new RevocationChecker({ anchorsPem }, new CrlStore({ fetchCrl: async (u) => (fetched.push(u), served[u]!) }));
      return withRevocationCheck(checker, async () => {
        const e = checker.checkChain('mx.test.mssante.fr', peer(chain));
        if (e) throw e;
        return 'connected';
      }).catch((e: unknown) => e);
    };
    // Good chain: the leaf against ACI-EL-ORG.crl and the intermediate against the root's ACR-EL.crl.
    expect(await verdict(await crls([]), [leaf, inter.node])).toBe('connected');
    expect(new Set(fetched)).toEqual(new Set(['http://crl.test.invalid/ACI-EL-ORG.crl', 'http://crl.test.invalid/ACR-EL.crl']));
    // The root revoked the intermediate: refused, whether the server sends the intermediate or not.
    expect(await verdict(await crls(['1120']), [leaf, inter.node])).toBeInstanceOf(ServerCertificateRevokedError);
    expect(await verdict(await crls(['1120']), [leaf])).toBeInstanceOf(ServerCertificateRevokedError);
    // The root's CRL missing: not connected (no silent pass on the intermediate).
    const noRoot = { 'http://crl.test.invalid/ACI-EL-ORG.crl': await makeCrl(inter, []) } as Record<string, Buffer>;
    expect(await verdict(noRoot, [leaf, inter.node])).toBeInstanceOf(RevocationUnavailableError);
  });
  it('no CRL anywhere → RevocationUnavailableError (refused, in French); expired CRL too', async () => {
    const checker = new RevocationChecker({ anchorsPem: pem() }, new CrlStore({ fetchCrl: async () => Promise.reject(new Error('down')) }));
    const outcome = await withRevocationCheck(checker, async () => {
      const e = checker.checkChain('imap.test.mssante.fr', peer([good, ca.node]));
      if (e) throw e;
      return 'connected';
    }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(RevocationUnavailableError);
    expect((outcome as Error).message).toMatch(/Impossible de vérifier que le certificat du serveur imap.test.mssante.fr n'est pas révoqué/);

    const old = await makeCrl(ca, [], { thisUpdate: new Date(now.getTime() - 20 * DAY), nextUpdate: new Date(now.getTime() - 10 * DAY) });
    const store = new CrlStore({ fetchCrl: async () => old });
    await store.refresh(ca.node, ['http://x.invalid/a.crl']);
    const stale = new RevocationChecker({ anchorsPem: pem() }, store);
    expect(stale.checkChain('h', peer([good, ca.node]))).toMatchObject({ code: 'CRL_UNAVAILABLE', reason: 'expired' });
  });
});

describe('Annuaire Santé and trust-list host: configured roots only', () => {
  it('a fetch that excludes the OS store trusts exactly the configured CAs', async () => {
    const { trustedCaList } = await import('../../../main/net/trust');
    expect(trustedCaList({ extraCa: [ca.node.toString()], includeSystemRoots: false })).toEqual([ca.node.toString()]);
  });
});
