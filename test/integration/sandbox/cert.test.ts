// Client-certificate instance: TLS client certificate required, SASL EXTERNAL with the BAL as
// authorization identity, identity (CN) from the certificate checked against the delegation table.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, SOFTWARE_CERT } from '../../../sandbox/config';
import { countConnections, revokeClientCert } from '../../../sandbox/control';
import { issueCert } from '../../../sandbox/pki';
import { externalLogin } from './helpers';

const ALICE_BAL = `alice.martin@${DOMAIN}`;
const CABINET_BAL = `cabinet.saint-roch@${DOMAIN}`;
const BOB_BAL = `bob.durand@${DOMAIN}`;

let card: { cert: Buffer; key: Buffer };

beforeAll(async () => {
  // A CPS-like authentication certificate of Dr MARTIN (multi-valued RDN, CN = IdNat)
  const issued = await issueCert({ name: 'itest-alice-cps', subject: '/CN=810001234567+SN=MARTIN+GN=ALICE/title=Médecin/C=FR', kind: 'client', force: true });
  card = { cert: fs.readFileSync(issued.cert), key: fs.readFileSync(issued.key!) };
});

describe('SASL EXTERNAL with a client certificate', () => {
  it('the APP BAL software certificate (PKCS#12) opens its BAL', async () => {
    const out = await externalLogin({ pfx: fs.readFileSync(SOFTWARE_CERT.p12), passphrase: SOFTWARE_CERT.p12Password, authzid: SOFTWARE_CERT.bal });
    expect(out).toMatch(/a1 OK/);
    expect(out).toMatch(/\* \d+ EXISTS/);
  });

  it('the software certificate cannot open another BAL', async () => {
    await expect(externalLogin({ pfx: fs.readFileSync(SOFTWARE_CERT.p12), passphrase: SOFTWARE_CERT.p12Password, authzid: ALICE_BAL })).rejects.toThrow(/a1 NO/);
  });

  it('a card certificate opens the BALs its holder has rights on, not the others', async () => {
    expect(await externalLogin({ ...card, authzid: ALICE_BAL })).toMatch(/a1 OK/);
    expect(await externalLogin({ ...card, authzid: CABINET_BAL })).toMatch(/a1 OK/);
    await expect(externalLogin({ ...card, authzid: BOB_BAL })).rejects.toThrow(/a1 NO/);
    await expect(externalLogin({ ...card })).rejects.toThrow(/a1 NO/);
  });

  it('sessions opened with a card count against its holder (per-person cap)', async () => {
    let during = -1;
    const before = await countConnections('810001234567');
    await externalLogin({ ...card, authzid: CABINET_BAL, whileLoggedIn: async () => void (during = await countConnections('810001234567')) });
    expect(during).toBe(before + 1);
  });

  it('no client certificate: refused', async () => {
    await expect(externalLogin({ authzid: ALICE_BAL })).rejects.toThrow(/NO|closed|certificate/i);
  });

  it('a revoked certificate is refused once the CRL is republished', async () => {
    const issued = await issueCert({ name: 'itest-revoked-cps', subject: '/CN=810001234567+SN=MARTIN+GN=ALICE/title=Médecin/C=FR', kind: 'client', force: true });
    const creds = { cert: fs.readFileSync(issued.cert), key: fs.readFileSync(issued.key!) };
    expect(await externalLogin({ ...creds, authzid: ALICE_BAL })).toMatch(/a1 OK/);
    await revokeClientCert('itest-revoked-cps');
    await expect(externalLogin({ ...creds, authzid: ALICE_BAL })).rejects.toThrow();
  });
});
