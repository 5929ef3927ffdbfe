// The IGC-Santé certificates the app trusts in production (operators' servers, the trust-list host, the
// Annuaire Santé API): read from the ANS reference data folder's igc-sante/ (not in the repository; see
// data/igc-sante-roots/README.md), or from MSS_ROOTS_DIR. Only the files named in the manifest
// (data/igc-sante-roots/roots.json, or a roots.json inside MSS_ROOTS_DIR) are loaded, each checked against
// its recorded SHA-256 and required to be a CA: the folder also holds TEST and other-range CAs, which must
// never become trusted by being there.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dataDir, sharedDataDir } from '../autoconfig/data-dir';

export const ROOTS_FOLDER = 'igc-sante-roots';
export const SHARED_ROOTS_FOLDER = 'igc-sante';
export const ROOTS_MANIFEST = 'roots.json';

const manifestSchema = z.object({
  certificates: z
    .array(
      z.object({
        file: z.string().regex(/^[A-Za-z0-9._-]+\.pem$/),
        subject: z.string().optional(),
        role: z.enum(['root', 'intermediate']),
        sha256: z.string().regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/),
      }),
    )
    .min(1),
});

export type RootsManifest = z.infer<typeof manifestSchema>;

/** Where the certificates are read: MSS_ROOTS_DIR, else <ANS data>/igc-sante, else null (none found). */
export function bundledRootsDir(): string | null {
  if (process.env.MSS_ROOTS_DIR) return process.env.MSS_ROOTS_DIR;
  const shared = sharedDataDir();
  return shared ? path.join(shared, SHARED_ROOTS_FOLDER) : null;
}

/** The manifest of a folder: its own roots.json (managed deployment), else the one of the repository. */
export function rootsManifestFile(dir: string | null): string {
  const own = dir ? path.join(dir, ROOTS_MANIFEST) : null;
  return own && fs.existsSync(own) ? own : path.join(dataDir(), ROOTS_FOLDER, ROOTS_MANIFEST);
}

export function readRootsManifest(file: string): RootsManifest {
  return manifestSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Every certificate of a PEM text (bundles hold several), each as its own PEM block. */
export function splitPemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

export class RootsError extends Error {
  override readonly name = 'RootsError';
}

/**
 * Reads the manifest's certificates from the folder. A missing folder gives no roots (the caller says so);
 * a listed file missing, a second certificate in a file, a fingerprint that differs or a non-CA certificate
 * is an error at start-up, not a silent gap (or a silent addition) in the trust store.
 */
export function loadBundledRoots(dir: string | null = bundledRootsDir(), manifestFile = rootsManifestFile(dir)): Buffer[] {
  if (!dir || !fs.existsSync(dir)) return [];
  const manifest = readRootsManifest(manifestFile);
  return manifest.certificates.map((entry) => {
    const file = path.join(dir, entry.file);
    if (!fs.existsSync(file)) throw new RootsError(`${file}: IGC-Santé certificate named in ${manifestFile} is missing`);
    const pems = splitPemCertificates(fs.readFileSync(file, 'utf8'));
    if (pems.length !== 1) throw new RootsError(`${file}: expected exactly one PEM certificate, found ${pems.length}`);
    const cert = new crypto.X509Certificate(pems[0]!);
    if (cert.fingerprint256.toUpperCase() !== entry.sha256.toUpperCase()) {
      throw new RootsError(`${file}: SHA-256 ${cert.fingerprint256} differs from the one recorded in ${manifestFile} (${entry.sha256})`);
    }
    if (!cert.ca) throw new RootsError(`${file}: ${cert.subject.replace(/\n/g, ', ')} is not a CA certificate`);
    return Buffer.from(pems[0]! + '\n', 'utf8');
  });
}
