// Issue 19.2: the Annuaire Santé API and the trust-list host present IGC-Santé certificates, so the
// directory search and the trust-list refresh verify the server against the IGC-Santé roots (and the
// CRLs of the chain), never the OS store. A local HTTPS server presents leaf → "ELEMENTAIRE ORGANISATIONS"
// → "RACINE ELEMENTAIRE" of a throw-away PKI that plays the IGC-Santé role: the roots are loaded the way
// production loads them (MSS_ROOTS_DIR + roots.json with fingerprints, no MSS_NET_CONFIG), and both CRLs
// are served over http on 127.0.0.1 as igc-sante.esante.gouv.fr serves ACR-EL.crl and ACI-EL-ORG.crl.
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  BasicConstraintsExtension, CRLDistributionPointsExtension, ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension,
  SubjectAlternativeNameExtension, X509CertificateGenerator, X509CrlGenerator, type X509Certificate as PCert,
} from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialTrustList, refreshTrustList, type TrustList } from '../../../main/autoconfig/trust-list';
import { loadRuntimeConfig, withRevocation, type RuntimeConfig } from '../../../main/config/runtime-config';
import { DirectoryService } from '../../../main/directory/directory-service';
import { loadBundledRoots } from '../../../main/net/roots';
import { requireSharedDataDir } from '../../../main/autoconfig/data-dir';
import { trustListXml } from '../../../sandbox/web/trust-list';

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86400_000;
const now = Date.now();
const keyPair = async () => (await crypto.webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
const pem = (c: PCert) => new crypto.X509Certificate(Buffer.from(c.rawData)).toString();

interface Ca {
  cert: PCert;
  keys: CryptoKeyPair;
}

let tmp: string;
let crlServer: http.Server;
let apiServer: https.Server;
let apiPort: number;
let root: Ca;
let inter: Ca;
/** What the root's CRL revokes (the intermediate's serial, to test a revoked chain). */
let rootRevokes: string[] = [];
const crlHits: string[] = [];
const savedEnv = { roots: process.env.MSS_ROOTS_DIR, net: process.env.MSS_NET_CONFIG };

const ALICE = {
  resourceType: 'Practitioner', id: '003-1007919', active: true,
  name: [{ family: 'MARTIN', given: ['Alice'], prefix: ['Dr'] }],
  telecom: [{ system: 'email', value: 'alice.martin@medecin.mssante.fr', extension: [{ url: 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type', valueCoding: { code: 'MSSANTE' } }] }],
};
const NEWER_LIST = trustListXml([{ nom: 'Nouveau.MSSante.fr', description: 'Nouveau', dn: 'CN=mx.nouveau.fr,O=NOUVEL OPERATEUR,C=FR', support: 'support@nouveau.fr' }], '2026-12-01T08:00:00Z');

async function crl(ca: Ca, revoked: string[]): Promise<Buffer> {
  const c = await X509CrlGenerator.create({
    issuer: ca.cert.subject, thisUpdate: new Date(now - 3600_000), nextUpdate: new Date(now + 7 * DAY),
    entries: revoked.map((serialNumber) => ({ serialNumber, revocationDate: new Date(now - 7200_000) })),
    signingKey: ca.keys.privateKey, signingAlgorithm: alg,
  });
  return Buffer.from(c.rawData);
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-igc-fetch-'));
  crlServer = http.createServer((req, res) => {
    crlHits.push(req.url ?? '');
    const body = req.url === '/CRL/ACR-EL.crl' ? crl(root, rootRevokes) : req.url === '/CRL/ACI-EL-ORG.crl' ? crl(inter, []) : null;
    if (!body) return void res.writeHead(404).end();
    void body.then((b) => res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(b));
  });
  await new Promise<void>((r) => crlServer.listen(0, '127.0.0.1', r));
  const crlBase = `http://127.0.0.1:${(crlServer.address() as AddressInfo).port}/CRL`;

  const rootKeys = await keyPair();
  root = {
    keys: rootKeys,
    cert: await X509CertificateGenerator.createSelfSigned({
      serialNumber: '01', name: 'CN=TEST AC RACINE IGC-SANTE ELEMENTAIRE, OU=IGC-SANTE TEST, O=TEST (NOT REAL), C=FR',
      notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY), keys: rootKeys, signingAlgorithm: alg,
      extensions: [new BasicConstraintsExtension(true, undefined, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true)],
    }),
  };
  const interKeys = await keyPair();
  inter = {
    keys: interKeys,
    cert: await X509CertificateGenerator.create({
      serialNumber: '1120', subject: 'CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS, OU=IGC-SANTE TEST, O=TEST (NOT REAL), C=FR', issuer: root.cert.subject,
      notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY), publicKey: interKeys.publicKey, signingKey: rootKeys.privateKey, signingAlgorithm: alg,
      extensions: [new BasicConstraintsExtension(true, 0, true), new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true), new CRLDistributionPointsExtension([`${crlBase}/ACR-EL.crl`])],
    }),
  };
  const leafKeys = await keyPair();
  const leaf = await X509CertificateGenerator.create({
    serialNumber: '2001', subject: 'CN=localhost', issuer: inter.cert.subject,
    notBefore: new Date(now - DAY), notAfter: new Date(now + 90 * DAY), publicKey: leafKeys.publicKey, signingKey: interKeys.privateKey, signingAlgorithm: alg,
    extensions: [
      new SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }]),
      new ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1']),
      new CRLDistributionPointsExtension([`${crlBase}/ACI-EL-ORG.crl`]),
    ],
  });
  const key = Buffer.from(await crypto.webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey)).toString('base64');
  // The server sends its chain without the root, as service.annuaire.sante.fr does.
  apiServer = https.createServer({ cert: `${pem(leaf)}\n${pem(inter.cert)}`, key: `-----BEGIN PRIVATE KEY-----\n${key}\n-----END PRIVATE KEY-----\n` }, (req, res) => {
    if (req.url?.startsWith('/fhir/')) {
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'Bundle', entry: req.url.startsWith('/fhir/Practitioner?') ? [{ resource: ALICE }] : [] }));
    } else if (req.url === '/listeblanchemssante.xml') {
      res.writeHead(200, { 'content-type': 'text/xml' }).end(NEWER_LIST);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => apiServer.listen(0, '127.0.0.1', r));
  apiPort = (apiServer.address() as AddressInfo).port;

  // The test PKI's two CAs in the place of the IGC-Santé files: PEM files + a manifest with their SHA-256.
  const rootsDir = path.join(tmp, 'igc-sante');
  fs.mkdirSync(rootsDir);
  const certificates = [['ROOT.pem', root.cert, 'root'], ['ORG.pem', inter.cert, 'intermediate']] as const;
  for (const [file, c] of certificates) fs.writeFileSync(path.join(rootsDir, file), pem(c));
  fs.writeFileSync(path.join(rootsDir, 'roots.json'), JSON.stringify({
    certificates: certificates.map(([file, c, role]) => ({ file, role, sha256: new crypto.X509Certificate(Buffer.from(c.rawData)).fingerprint256 })),
  }));
  process.env.MSS_ROOTS_DIR = rootsDir;
  delete process.env.MSS_NET_CONFIG;
});

afterAll(async () => {
  if (savedEnv.roots === undefined) delete process.env.MSS_ROOTS_DIR;
  else process.env.MSS_ROOTS_DIR = savedEnv.roots;
  if (savedEnv.net !== undefined) process.env.MSS_NET_CONFIG = savedEnv.net;
  apiServer?.closeAllConnections();
  await new Promise((r) => apiServer?.close(r));
  await new Promise((r) => crlServer?.close(r));
  fs.rmSync(tmp, { recursive: true, force: true });
});

let profiles = 0;
/** The production runtime configuration (no MSS_NET_CONFIG) with the revocation settings of a fresh profile. */
function production(): RuntimeConfig {
  return withRevocation(loadRuntimeConfig(''), path.join(tmp, `profile-${++profiles}`));
}

function directory(runtime: RuntimeConfig): DirectoryService {
  return new DirectoryService({
    contacts: () => null,
    settings: async () => ({ directoryUrl: `https://localhost:${apiPort}/fhir`, apiKey: 'cle-de-test' }),
    extraCa: runtime.extraCa, ...(runtime.revocation ? { revocation: runtime.revocation } : {}), testMode: runtime.testMode,
    trustList: async () => loadOfficialTrustList(),
  });
}

describe('Annuaire Santé search: IGC-Santé roots only', () => {
  it('production trust loads the roots from the manifest and checks their chains for revocation', () => {
    const runtime = production();
    expect(runtime.testMode).toBe(false);
    expect(runtime.extraCa.map((b) => new crypto.X509Certificate(b).subject)).toEqual([
      expect.stringContaining('TEST AC RACINE IGC-SANTE ELEMENTAIRE'), expect.stringContaining('TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS'),
    ]);
    expect(runtime.revocation?.anchorsPem).toHaveLength(2);
  });

  it('a server chained to the configured root answers; both CRLs of its chain were fetched', async () => {
    crlHits.length = 0;
    const found = await directory(production()).search('MARTIN');
    expect(found.map((e) => e.address)).toEqual(['alice.martin@medecin.mssante.fr']);
    expect(found[0]).toMatchObject({ source: 'directory', trusted: true });
    expect(new Set(crlHits)).toEqual(new Set(['/CRL/ACI-EL-ORG.crl', '/CRL/ACR-EL.crl']));
  });

  it('the same server is refused under the real IGC-Santé roots (its CA is not one of them), with no result', async () => {
    const real = loadBundledRoots(path.join(requireSharedDataDir(), 'igc-sante'), path.resolve('data/igc-sante-roots/roots.json'));
    expect(real).toHaveLength(2);
    await expect(directory({ testMode: false, extraCa: real, source: null }).search('MARTIN')).rejects.toMatchObject({ code: 'directory.certificate', message: expect.stringMatching(/n'a pas pu être vérifié/) });
  });

  it('a chain whose intermediate the root revoked is refused', async () => {
    rootRevokes = [inter.cert.serialNumber];
    try {
      await expect(directory(production()).search('MARTIN')).rejects.toMatchObject({ code: 'directory.certificate', message: expect.stringMatching(/a été révoqué/) });
    } finally {
      rootRevokes = [];
    }
  });
});

describe('trust-list refresh: IGC-Santé roots only', () => {
  // The app's refresh options (main/app/app-services.ts): configured roots, systemRoots false, revocation.
  // Test mode only to reach 127.0.0.1 (production refuses loopback addresses for the refresh).
  const refresh = (runtime: RuntimeConfig, fallback: TrustList) => refreshTrustList({
    url: `https://localhost:${apiPort}/listeblanchemssante.xml`, testMode: true, extraCa: runtime.extraCa, systemRoots: false,
    ...(runtime.revocation ? { revocation: runtime.revocation } : {}), fallback,
  });

  it('a host chained to the configured root: the published list replaces the shipped one', async () => {
    const official = loadOfficialTrustList();
    const r = await refresh(production(), official);
    expect(r.warning).toBeUndefined();
    expect(r.list.origin).toBe('remote');
  });

  it('under the real IGC-Santé roots the same host is refused and the shipped list kept', async () => {
    const official = loadOfficialTrustList();
    const real = loadBundledRoots(path.join(requireSharedDataDir(), 'igc-sante'), path.resolve('data/igc-sante-roots/roots.json'));
    const r = await refresh({ testMode: false, extraCa: real, source: null }, official);
    expect(r.list).toBe(official);
    expect(r.warning?.message).toMatch(/certificat refusé/);
  });

  it('a revoked intermediate: refused, the shipped list kept', async () => {
    rootRevokes = [inter.cert.serialNumber];
    try {
      const official = loadOfficialTrustList();
      const r = await refresh(production(), official);
      expect(r.list).toBe(official);
      expect(r.warning?.message).toMatch(/certificat révoqué/);
    } finally {
      rootRevokes = [];
    }
  });
});
