// The IGC-Santé CAs as the product loads them from the ANS reference data (not copied into the repo):
// every file of the manifest matches its recorded SHA-256 and is a CA, production trust uses them, test
// mode never does, and the CRL distribution points of the real chain are read by the CRL code.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../../main/config/runtime-config';
import { crlDistributionUrls } from '../../../main/net/crl';
import { bundledRootsDir, loadBundledRoots, readRootsManifest, rootsManifestFile } from '../../../main/net/roots';
import { sharedData } from '../../shared-data';

const dir = () => sharedData('igc-sante');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'igc-roots-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const cert = (name: string) => new crypto.X509Certificate(fs.readFileSync(path.join(dir(), name)));
const ROOT = 'AC_RACINE_IGC-SANTE_ELEMENTAIRE.pem';
const ORG = 'AC_IGC-SANTE_ELEMENTAIRE_ORGANISATIONS.pem';

describe('IGC-Santé CAs from the ANS reference data', () => {
  it('finds the folder of the reference data (MSS_SHARED_DATA or ../shared/data)', () => {
    expect(bundledRootsDir()).toBe(dir());
    expect(fs.existsSync(path.join(dir(), ROOT))).toBe(true);
  });

  it('every certificate of the manifest matches its recorded SHA-256 (of the DER) and is a CA', () => {
    const manifest = readRootsManifest(rootsManifestFile(dir()));
    expect(manifest.certificates.map((c) => c.file)).toEqual(expect.arrayContaining([ROOT, ORG]));
    for (const entry of manifest.certificates) {
      const c = cert(entry.file);
      const sha = crypto.createHash('sha256').update(c.raw).digest('hex').toUpperCase().match(/../g)!.join(':');
      expect(sha, entry.file).toBe(entry.sha256);
      expect(c.ca, entry.file).toBe(true);
      expect(c.subject.replace(/\n/g, ', ')).toBe(entry.subject);
    }
    const loaded = loadBundledRoots(dir()).map((b) => new crypto.X509Certificate(b).fingerprint256);
    expect(loaded).toEqual(manifest.certificates.map((c) => c.sha256));
  });

  it('the real chain: ELEMENTAIRE ORGANISATIONS is issued and signed by AC RACINE IGC-SANTE ELEMENTAIRE, not by the TEST root', () => {
    const root = cert(ROOT);
    const org = cert(ORG);
    expect(root.subject).toContain('CN=AC RACINE IGC-SANTE ELEMENTAIRE');
    expect(root.verify(root.publicKey)).toBe(true);
    expect(org.checkIssued(root) && org.verify(root.publicKey)).toBe(true);
    expect(org.verify(cert('TEST_AC_RACINE_IGC-SANTE_ELEMENTAIRE.pem').publicKey)).toBe(false);
  });

  it('CRL distribution points of the bundled chain: the root names none, the intermediate names ACR-EL.crl over http (LDAP ignored)', () => {
    expect(crlDistributionUrls(cert(ROOT).raw)).toEqual([]);
    expect(crlDistributionUrls(cert(ORG).raw)).toEqual(['http://igc-sante.esante.gouv.fr/CRL/ACR-EL.crl']);
  });

  it('production trust (no MSS_NET_CONFIG) uses them; a test-mode configuration never does', () => {
    const prod = loadRuntimeConfig('');
    expect(prod.testMode).toBe(false);
    expect(prod.extraCa.map((b) => new crypto.X509Certificate(b).subject)).toEqual([cert(ROOT).subject, cert(ORG).subject]);

    const testFile = path.join(tmp, 'test-mode.json');
    fs.writeFileSync(testFile, JSON.stringify({ testMode: true }));
    expect(loadRuntimeConfig(testFile).extraCa).toEqual([]);
    fs.copyFileSync(path.join(dir(), 'TEST_AC_RACINE_IGC-SANTE_ELEMENTAIRE.pem'), path.join(tmp, 'own-ca.pem'));
    fs.writeFileSync(testFile, JSON.stringify({ testMode: true, extraCaFiles: ['own-ca.pem'] }));
    const own = loadRuntimeConfig(testFile).extraCa.map((b) => new crypto.X509Certificate(b).subject);
    expect(own).toHaveLength(1);
    expect(own[0]).toContain('TEST AC RACINE');
  });

  it('ignores files the manifest does not name (TEST and other ranges), refuses a wrong fingerprint, a missing file and a non-CA', () => {
    const folder = path.join(tmp, 'managed');
    fs.mkdirSync(folder);
    fs.copyFileSync(path.join(dir(), ROOT), path.join(folder, ROOT));
    fs.copyFileSync(path.join(dir(), 'TEST_AC_RACINE_IGC-SANTE_ELEMENTAIRE.pem'), path.join(folder, 'TEST_AC_RACINE_IGC-SANTE_ELEMENTAIRE.pem'));
    const manifest = (entries: object[]) => fs.writeFileSync(path.join(folder, 'roots.json'), JSON.stringify({ certificates: entries }));
    const rootEntry = { file: ROOT, role: 'root', sha256: cert(ROOT).fingerprint256 };
    manifest([rootEntry]);
    expect(loadBundledRoots(folder)).toHaveLength(1);

    manifest([{ ...rootEntry, sha256: cert(ORG).fingerprint256 }]);
    expect(() => loadBundledRoots(folder)).toThrow(/SHA-256 .* differs from the one recorded/);
    manifest([rootEntry, { file: ORG, role: 'intermediate', sha256: cert(ORG).fingerprint256 }]);
    expect(() => loadBundledRoots(folder)).toThrow(/is missing/);

    // A leaf (not a CA) with its own correct fingerprint is still refused.
    const key = path.join(tmp, 'leaf.key');
    const leaf = path.join(folder, 'leaf.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-subj', '/CN=not a ca', '-addext', 'basicConstraints=critical,CA:FALSE', '-days', '2', '-out', leaf], { stdio: 'pipe' });
    manifest([{ file: 'leaf.pem', role: 'root', sha256: new crypto.X509Certificate(fs.readFileSync(leaf)).fingerprint256 }]);
    expect(() => loadBundledRoots(folder)).toThrow(/is not a CA certificate/);

    expect(loadBundledRoots(path.join(tmp, 'nope'))).toEqual([]);
  });
});
