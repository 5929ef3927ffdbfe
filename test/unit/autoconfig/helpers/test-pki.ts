// Throw-away CA + server certificate for in-process https servers (openssl CLI, EC keys: fast).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  caCert: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  /** Another CA, not trusted by anyone: for "unknown authority" tests. */
  otherCaCert: Buffer;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function makeCa(dir: string, name: string): void {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`], dir);
  openssl(['req', '-x509', '-new', '-key', `${name}.key`, '-sha256', '-days', '30', '-subj', `/O=TEST IGC-SANTE (NOT REAL)/CN=${name}`, '-out', `${name}.crt`], dir);
}

export function makeTestPki(sans: string[] = ['DNS:localhost', 'DNS:example.test', 'DNS:*.example.test', 'IP:127.0.0.1']): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoconfig-pki-'));
  makeCa(dir, 'ca');
  makeCa(dir, 'other');
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key'], dir);
  openssl(['req', '-new', '-key', 'server.key', '-subj', '/CN=localhost', '-out', 'server.csr'], dir);
  fs.writeFileSync(path.join(dir, 'ext.cnf'), `subjectAltName=${sans.join(',')}\nextendedKeyUsage=serverAuth\n`);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '10', '-sha256', '-extfile', 'ext.cnf', '-out', 'server.crt'], dir);
  const read = (f: string) => fs.readFileSync(path.join(dir, f));
  return { dir, caCert: read('ca.crt'), serverCert: read('server.crt'), serverKey: read('server.key'), otherCaCert: read('other.crt') };
}
