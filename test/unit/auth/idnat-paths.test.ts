// Issue 19.4: structure-form IdNats (1/3/4/5/6 + structure id, "/", local id) on the card path — the card
// certificate → identity mapping (main/auth/card/identity.ts), the sandbox PSC reading a card certificate
// through a real TLS handshake (sandbox/psc/card-tls.ts) and the card CIBA proof (card-proof.ts) —, in the
// bridge contract, the preferences, the audit trail and the unknown-user message.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import crypto, { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../main/audit/audit-trail';
import { PreferencesFile } from '../../../main/settings/preferences-file';
import { auditSink } from '../../../main/audit/audit-sink';
import { identityFromCertificate } from '../../../main/auth/card/identity';
import { PscError } from '../../../main/auth/psc/errors';
import { calls } from '../../../shared/contract';
import { cardCertificate, type CardCertificate } from '../../../sandbox/psc/card-tls';
import { cardProofPayload, checkCardProof } from '../../../sandbox/psc/card-proof';
import { makeStore, type TestStore } from '../store/helpers';
import { writesOn } from '../../../main/store/app-writes';

const STRUCTURE = '500000001815646/CPAT00045';
const FINESS_LEGAL = '3750000001/00012';
const RPPS = '810001234567';

describe('card certificate → identity', () => {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  let keys: CryptoKeyPair;
  beforeAll(async () => {
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  });
  const cert = async (name: x509.JsonName) =>
    new Uint8Array((await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01', name: new x509.Name(name).toString(), notBefore: new Date(Date.now() - 86400_000), notAfter: new Date(Date.now() + 86400_000), signingAlgorithm: alg, keys,
    })).rawData);

  it('CPS3 shape with a structure-form IdNat in CN (with "/") keeps it whole', async () => {
    const id = identityFromCertificate(await cert([{ C: ['FR'] }, { CN: [STRUCTURE], SN: ['ROUX'], G: ['NADIA'] }]));
    expect(id).toMatchObject({ idNat: STRUCTURE, familyName: 'ROUX', displayName: 'Nadia ROUX', shape: 'cps3' });
  });

  it('older shape with the IdNat in serialNumber, every structure type', async () => {
    for (const idNat of [FINESS_LEGAL, '1750712184/A1', '4123456789/X', '610001234567/INT-7']) {
      const id = identityFromCertificate(await cert([{ C: ['FR'] }, { '2.5.4.5': [idNat] }, { CN: ['ROUX NADIA'] }]));
      expect(id, idNat).toMatchObject({ idNat, shape: 'legacy' });
    }
  });

  it('a CN that is no IdNat form (type 2, a second "/") gives no identity', async () => {
    expect(() => identityFromCertificate(new Uint8Array(0))).toThrow();
    for (const bad of ['2123456789', '500000001815646/a/b']) {
      await expect(cert([{ CN: [bad], SN: ['X'] }]).then((der) => identityFromCertificate(der))).rejects.toThrow(/IdNat/);
    }
  });
});

// ---- a throwaway CA and card-like client certificates (openssl), for a real TLS handshake ----------------
let dir: string;
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
function leaf(name: string, subj: string, eku = 'clientAuth'): { cert: Buffer; key: Buffer } {
  openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-multivalue-rdn', '-subj', subj);
  fs.writeFileSync(path.join(dir, `${name}.ext`), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=${eku}\n`);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  return { cert: fs.readFileSync(path.join(dir, `${name}.crt`)), key: fs.readFileSync(path.join(dir, `${name}.key`)) };
}
let ca: Buffer;
let server: https.Server;
let port: number;
let seen: CardCertificate[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idnat-card-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/O=TEST UNIT CA (NOT REAL)/CN=Unit card CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ca = fs.readFileSync(path.join(dir, 'ca.crt'));
  // The server certificate of the "card listener" (any name: the client below pins the CA).
  const srv = leaf('server', '/CN=localhost', 'serverAuth');
  server = https.createServer({ cert: srv.cert, key: srv.key, ca, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    seen.push(cardCertificate(req));
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function presentCard(client: { cert: Buffer; key: Buffer }): Promise<CardCertificate> {
  seen = [];
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: '/', ca, cert: client.cert, key: client.key, checkServerIdentity: () => undefined }, (res) => {
      res.resume();
      res.on('end', () => resolve(seen[0]!));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox PSC card listener reads the card certificate (real TLS handshake)', () => {
  it('structure-form IdNat with "/" in CN, and RPPS in CN', async () => {
    const structure = await presentCard(leaf('nadia', `/C=FR/CN=${STRUCTURE.replace('/', '\\/')}+SN=ROUX+GN=NADIA`));
    expect(structure).toMatchObject({ kind: 'ok', idNat: STRUCTURE });
    const rpps = await presentCard(leaf('alice', `/C=FR/CN=${RPPS}+SN=MARTIN+GN=ALICE`));
    expect(rpps).toMatchObject({ kind: 'ok', idNat: RPPS });
  });

  it('older subject: structure IdNat in serialNumber', async () => {
    const legacy = await presentCard(leaf('legacy', `/C=FR/serialNumber=${FINESS_LEGAL.replace('/', '\\/')}/CN=ROUX NADIA`));
    expect(legacy).toMatchObject({ kind: 'ok', idNat: FINESS_LEGAL });
  });

  it('a subject without any IdNat form is rejected', async () => {
    const none = await presentCard(leaf('none', '/C=FR/CN=Cabinet Saint-Roch'));
    expect(none).toMatchObject({ kind: 'rejected', reason: 'no IdNat in certificate subject' });
  });

  it('card CIBA proof: a structure-form card proves the request naming it, not another', () => {
    const card = leaf('proof', `/C=FR/CN=${STRUCTURE.replace('/', '\\/')}+SN=ROUX+GN=NADIA`);
    const der = new crypto.X509Certificate(card.cert).raw;
    const pending = { authReqId: 'req-1', idNat: STRUCTURE, bindingMessage: '42', channel: 'CARD' };
    const signature = crypto.sign('sha256', cardProofPayload('req-1', '42'), { key: card.key, padding: crypto.constants.RSA_PKCS1_PADDING });
    expect(checkCardProof(pending, der, signature, ca)).toEqual({ ok: true, idNat: STRUCTURE });
    expect(checkCardProof({ ...pending, idNat: '500000001815646/CPAT00046' }, der, signature, ca)).toMatchObject({ ok: false, reason: 'certificate does not name the login_hint' });
  });
});

describe('bridge contract, preferences, messages', () => {
  it('auth.startCiba accepts every IdNat form and refuses what is none', () => {
    const schema = calls['auth.startCiba'].args;
    for (const idNat of [RPPS, '0123456789', STRUCTURE, FINESS_LEGAL]) {
      expect(schema.safeParse([{ idNat, channel: 'MOBILE', remember: true }]).success, idNat).toBe(true);
    }
    for (const idNat of ['123', '2123456789', '500000001815646/a/b', `5${'0'.repeat(80)}`]) {
      expect(schema.safeParse([{ idNat, channel: 'MOBILE', remember: true }]).success, idNat).toBe(false);
    }
  });

  it('the remembered IdNat may be a structure form', () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'idnat-prefs-'));
    try {
      new PreferencesFile(profile).set({ rememberedIdNat: STRUCTURE });
      expect(new PreferencesFile(profile).get().rememberedIdNat).toBe(STRUCTURE);
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });

  it('the unknown-user message describes every form, not only 12 digits', () => {
    const msg = new PscError('unknown-user').message;
    expect(msg).not.toMatch(/12 chiffres/);
    expect(msg).toContain('810001234567');
    expect(msg).toContain('500000001815646/CPAT00045');
  });
});

describe('audit trail', () => {
  let store: TestStore;
  afterEach(() => store?.close());

  it('records, lists and exports a structure-form IdNat unchanged', async () => {
    store = makeStore();
    const actor = { idNat: STRUCTURE, name: 'Nadia ROUX' };
    const trail = new AuditTrail({ writer: () => writesOn(store.writer), reader: () => store.reader, actor: () => actor, allowedBals: () => [], flushDelayMs: 0 });
    auditSink(writesOn(store.writer)).record({ at: new Date().toISOString(), idNat: STRUCTURE, action: 'login', method: 'ciba-mobile', result: 'success' });
    const [entry] = await trail.list({ bal: 'session' });
    expect(entry).toMatchObject({ idNat: STRUCTURE, name: 'Nadia ROUX', action: 'login' });
    expect((await trail.csv({})).csv).toContain(`;${STRUCTURE};session;login;`);
  });
});
