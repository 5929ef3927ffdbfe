// Card login through a TLS client certificate (SANDBOX_PSC_CARD_TLS=required): the "Carte CPS" choice is
// re-posted to the card listener, which checks the certificate chains to the sandbox CA, is not revoked,
// and names the IdNat typed in the form.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { PSC_CLIENT } from '../../../sandbox/config';
import { issueCert, revokeCert } from '../../../sandbox/pki';
import { caFetch, openLoginPage, postLogin, startTestSandbox, type TestSandbox } from './helpers';

const ALICE = '810001234567';

let sb: TestSandbox;
let config: client.Configuration;
let aliceCert: { cert: Buffer; key: Buffer };
let bobCert: { cert: Buffer; key: Buffer };
let revokedCert: { cert: Buffer; key: Buffer };

function load(issued: { cert: string; key?: string }) {
  return { cert: fs.readFileSync(issued.cert), key: fs.readFileSync(issued.key!) };
}

beforeAll(async () => {
  aliceCert = load(await issueCert({ name: 'psc-test-card-alice', subject: `/C=FR/title=Médecin/CN=${ALICE}+SN=MARTIN+GN=ALICE`, kind: 'client' }));
  bobCert = load(await issueCert({ name: 'psc-test-card-bob', subject: '/C=FR/title=Médecin/CN=810009876543+SN=DURAND+GN=BOB', kind: 'client' }));
  revokedCert = load(await issueCert({ name: 'psc-test-card-alice-revoked', subject: `/C=FR/title=Médecin/CN=${ALICE}+SN=MARTIN+GN=ALICE`, kind: 'client' }));
  await revokeCert('psc-test-card-alice-revoked');
  // Started after the revocation so the listener loads the new CRL.
  sb = await startTestSandbox({ cardTls: 'required', ports: { psc: 0, pscInternal: 0, web: 0, fhir: 0, pscCard: 0 } });
  config = await client.discovery(new URL(sb.issuer), PSC_CLIENT.clientId, PSC_CLIENT.clientSecret, client.ClientSecretBasic(), {
    [client.customFetch]: sb.fetch as unknown as client.CustomFetch,
  });
});

afterAll(async () => {
  await sb?.close();
});

async function authorize() {
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: 'http://127.0.0.1:41000/callback',
    scope: 'openid scope_all',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const { jar, action } = await openLoginPage(sb.fetch, url);
  const first = await postLogin(sb.fetch, jar, action, ALICE, 'card');
  expect(first.status).toBe(307);
  const cardAction = first.headers.get('location')!;
  expect(cardAction.startsWith(sb.urls.pscCard!)).toBe(true);
  return { jar, cardAction, verifier };
}

describe('sandbox PSC: card login with a TLS client certificate', () => {
  it("accepts Alice's card certificate and issues authMode CARD", async () => {
    const { jar, cardAction, verifier } = await authorize();
    const withCard = caFetch(sb.caCert, aliceCert);
    const res = await postLogin(withCard, jar, cardAction, ALICE, 'card');
    expect(res.status).toBe(303);
    jar.store(res);
    const resume = res.headers.get('location')!;
    const back = await sb.fetch(resume, { headers: { cookie: jar.header(resume) } });
    expect(back.status).toBe(303);
    const tokens = await client.authorizationCodeGrant(config, new URL(back.headers.get('location')!), { pkceCodeVerifier: verifier, idTokenExpected: true });
    expect(tokens.claims()).toMatchObject({ sub: ALICE, authMode: 'CARD' });
  });

  it('refuses without a card, with somebody else’s card, and with a revoked card (French messages)', async () => {
    const none = await authorize();
    const noCard = await postLogin(sb.fetch, none.jar, none.cardAction, ALICE, 'card');
    expect(noCard.status).toBe(400);
    expect(await noCard.text()).toContain('Aucune carte CPS détectée');

    const other = await authorize();
    const wrong = await postLogin(caFetch(sb.caCert, bobCert), other.jar, other.cardAction, ALICE, 'card');
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('appartient pas à cet identifiant');

    const rev = await authorize();
    const revoked = await postLogin(caFetch(sb.caCert, revokedCert), rev.jar, rev.cardAction, ALICE, 'card');
    expect(revoked.status).toBe(400);
    expect(await revoked.text()).toContain('Certificat de carte non reconnu');
  });
});
