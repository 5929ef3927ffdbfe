// A PKCS#12 (password "x") whose certificate claims the software-certificate BAL's identity but is
// self-signed: issued by no CA the operator trusts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SOFTWARE_CERT } from '../../../sandbox/config';

export function selfSignedP12(): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'p12-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/k.pem`, '-out', `${dir}/c.pem`, '-days', '2', '-subj', `/CN=${SOFTWARE_CERT.identity}`], { stdio: 'ignore' });
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', `${dir}/k.pem`, '-in', `${dir}/c.pem`, '-out', `${dir}/x.p12`, '-passout', 'pass:x'], { stdio: 'ignore' });
    return fs.readFileSync(`${dir}/x.p12`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
