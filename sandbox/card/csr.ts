// PKCS#10 request for a key that never leaves the SoftHSM token: the to-be-signed part is built here
// (minimal DER), the signature is made on the token by `pkcs11-tool --sign` (CKM_SHA256_RSA_PKCS).
// This avoids depending on the OpenSSL pkcs11 engine configuration.
import fs from 'node:fs';
import path from 'node:path';
import 'reflect-metadata'; // @peculiar/x509 needs a Reflect polyfill loaded first
import { Name } from '@peculiar/x509';
import { run } from '../util/exec';

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);
}

const SHA256_WITH_RSA = Buffer.from('300d06092a864886f70d01010b0500', 'hex');

export interface TokenKeyRef {
  module: string;
  softhsmConf: string;
  tokenLabel: string;
  pin: string;
  /** CKA_ID, hex. */
  id: string;
}

/** Public key (SubjectPublicKeyInfo DER) of the key pair with this CKA_ID. */
export async function readPublicKey(ref: TokenKeyRef, outFile: string): Promise<Buffer> {
  await run('pkcs11-tool', ['--module', ref.module, '--token-label', ref.tokenLabel, '--read-object', '--type', 'pubkey', '--id', ref.id, '-o', outFile], {
    env: { ...process.env, SOFTHSM2_CONF: ref.softhsmConf },
  });
  return fs.readFileSync(outFile);
}

/**
 * Writes a PEM CSR whose signature is made by the token's private key.
 * subject: RFC 4514-like string in DER order for @peculiar/x509 (e.g. "C=FR, T=Médecin, CN=1+SN=A+G=B").
 */
export async function createCsrOnToken(ref: TokenKeyRef, subject: string, spki: Buffer, outPem: string): Promise<void> {
  const name = Buffer.from(new Name(subject).toArrayBuffer());
  const tbs = tlv(0x30, Buffer.concat([Buffer.from([0x02, 0x01, 0x00]), name, spki, Buffer.from([0xa0, 0x00])]));
  const tmp = path.join(path.dirname(outPem), `${path.basename(outPem)}.tbs`);
  const sigFile = `${tmp}.sig`;
  fs.writeFileSync(tmp, tbs);
  try {
    await run(
      'pkcs11-tool',
      ['--module', ref.module, '--token-label', ref.tokenLabel, '--login', '--pin', ref.pin, '--sign', '--mechanism', 'SHA256-RSA-PKCS', '--id', ref.id, '-i', tmp, '-o', sigFile],
      { env: { ...process.env, SOFTHSM2_CONF: ref.softhsmConf } },
    );
    const sig = fs.readFileSync(sigFile);
    const csr = tlv(0x30, Buffer.concat([tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), sig]))]));
    const b64 = csr.toString('base64').replace(/(.{64})/g, '$1\n').trim();
    fs.writeFileSync(outPem, `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`);
  } finally {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(sigFile, { force: true });
  }
}
