// A throwaway CA and a software certificate issued by it (openssl, in a temp folder), shaped like the
// sandbox's APP BAL certificate, so unit tests need no sandbox on disk (a fresh clone runs them all).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface TempPki {
  caCert: string;
  /** The leaf (not a CA) certificate, PEM. */
  leafCert: string;
  p12: string;
  p12Password: string;
  bal: string;
}

export function createTempPki(dir: string, bal: string): TempPki {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const p12Password = 'unit-p12';
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/O=TEST UNIT CA (NOT REAL)/CN=Unit CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/O=LABORATOIRE (TEST)/CN=${bal}`);
  fs.writeFileSync(path.join(dir, 'leaf.ext'), `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=email:${bal}\n`);
  openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.crt', '-days', '2', '-extfile', 'leaf.ext');
  openssl('pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.crt', '-certfile', 'ca.crt', '-out', 'leaf.p12', '-passout', `pass:${p12Password}`);
  return { caCert: path.join(dir, 'ca.crt'), leafCert: path.join(dir, 'leaf.crt'), p12: path.join(dir, 'leaf.p12'), p12Password, bal };
}
