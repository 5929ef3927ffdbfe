// The IGC-Santé roots bundled with the app (production trust anchors for operators' certificates and the
// roots whose chains get a CRL check). They are PEM files in data/igc-sante-roots/ (see its README.md),
// shipped in the installer's resources/data; the folder may be overridden with MSS_ROOTS_DIR.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../autoconfig/data-dir';

export const ROOTS_FOLDER = 'igc-sante-roots';

export function bundledRootsDir(): string {
  return process.env.MSS_ROOTS_DIR ?? path.join(dataDir(), ROOTS_FOLDER);
}

/** Every certificate of a PEM text (bundles hold several), each as its own PEM block. */
export function splitPemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/**
 * Reads every *.pem of the folder; each certificate must parse and be a CA (a wrong file is an error
 * at start-up, not a silent gap in the trust store). A missing folder gives no roots.
 */
export function loadBundledRoots(dir = bundledRootsDir()): Buffer[] {
  if (!fs.existsSync(dir)) return [];
  const out: Buffer[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.pem')).sort()) {
    for (const pem of splitPemCertificates(fs.readFileSync(path.join(dir, name), 'utf8'))) {
      const cert = new crypto.X509Certificate(pem);
      if (!cert.ca) throw new Error(`${name}: ${cert.subject.replace(/\n/g, ', ')} is not a CA certificate`);
      out.push(Buffer.from(pem + '\n', 'utf8'));
    }
  }
  return out;
}
