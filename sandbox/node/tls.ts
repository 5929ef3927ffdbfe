// Server TLS material for the sandbox's Node servers: the sandbox PKI's server certificate.
import fs from 'node:fs';
import { PATHS } from '../config';
import { ensurePki } from '../pki';

export interface ServerTls {
  cert: Buffer;
  key: Buffer;
  /** The sandbox CA certificate (what clients must trust). */
  ca: Buffer;
  /** The sandbox CA's CRL (PEM), when present: client certificates are checked against it. */
  crl?: Buffer;
}

export async function loadServerTls(): Promise<ServerTls> {
  if (!fs.existsSync(PATHS.serverCert) || !fs.existsSync(PATHS.serverKey) || !fs.existsSync(PATHS.caCert)) {
    await ensurePki();
  }
  return {
    cert: fs.readFileSync(PATHS.serverCert),
    key: fs.readFileSync(PATHS.serverKey),
    ca: fs.readFileSync(PATHS.caCert),
    ...(fs.existsSync(PATHS.caCrl) ? { crl: fs.readFileSync(PATHS.caCrl) } : {}),
  };
}
