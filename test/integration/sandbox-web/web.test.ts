// Operator web endpoints of the sandbox: autoconfiguration XML (both URL forms), BAL listing, CGU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CONNECTION_CAP, DOMAIN, PORTS, PSC_CLIENT } from '../../../sandbox/config';
import { startTestSandbox, type TestSandbox } from '../psc/helpers';

const ALICE = '810001234567';
const CLAIRE = '810101234560';
const PAUL = '810005555555';

let sb: TestSandbox;

beforeAll(async () => {
  sb = await startTestSandbox();
});

afterAll(async () => {
  await sb?.close();
});

async function getXml(path: string): Promise<string> {
  const res = await sb.fetch(`${sb.urls.web}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
  return res.text();
}

describe('sandbox web: autoconfiguration', () => {
  it('serves the same well-formed clientConfig at both paths', async () => {
    const a = await getXml(`/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(`claire.petit@${DOMAIN}`)}`);
    const b = await getXml('/.well-known/autoconfig/mail/config-v1.1.xml');
    expect(b).toBe(a);
    expect(XMLValidator.validate(a)).toBe(true);
  });

  it('describes IMAP/SMTP with OAuth2, the PSC block and the MSSanté extensions', async () => {
    const xml = await getXml('/.well-known/autoconfig/mail/config-v1.1.xml');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'mss:flow' }).parse(xml);
    const cfg = doc.clientConfig;
    expect(cfg['@version']).toBe('1.1');
    expect(cfg['@xmlns:mss']).toBe('urn:mssante:clientconfig:1');
    const p = cfg.emailProvider;
    expect(p['@id']).toBe(DOMAIN);
    expect(p.domain).toBe(DOMAIN);
    expect(p.displayName).toBe('Opérateur MSSanté de test');
    expect(p.incomingServer).toMatchObject({
      '@type': 'imap', hostname: 'localhost', port: PORTS.imap, socketType: 'STARTTLS', username: '%EMAILADDRESS%', authentication: 'OAuth2',
    });
    expect(p.outgoingServer).toMatchObject({
      '@type': 'smtp', hostname: 'localhost', port: PORTS.submission, socketType: 'STARTTLS', username: '%EMAILADDRESS%', authentication: 'OAuth2',
    });
    expect(p['mss:psc']).toMatchObject({
      '@issuer': sb.issuer,
      '@discovery': `${sb.issuer}/.well-known/wallet-openid-configuration`,
      '@clientId': PSC_CLIENT.clientId,
      'mss:flow': ['ciba-card', 'ciba-mobile', 'authorization-code'],
    });
    expect(p['mss:certificateAuth']['mss:incomingServer']).toMatchObject({
      '@type': 'imap', 'mss:hostname': 'localhost', 'mss:port': PORTS.imapCert, 'mss:socketType': 'SSL', 'mss:mechanism': 'EXTERNAL',
    });
    expect(p['mss:balListing']['@url']).toBe(`${sb.urls.web}/api/v1/bals`);
    expect(p['mss:cgu']['@url']).toBe(`${sb.urls.web}/cgu`);
    expect(p['mss:connectionCap']).toBe(CONNECTION_CAP);
    expect(p['mss:nil']['@required']).toBe('true');
    expect(cfg.oAuth2).toEqual({
      issuer: sb.issuer,
      scope: 'openid scope_all',
      authURL: `${sb.issuer}/protocol/openid-connect/auth`,
      tokenURL: `${sb.issuer}/protocol/openid-connect/token`,
    });

    // The URLs it names are live: the discovery document and the token endpoint of the provider.
    const disco = (await (await sb.fetch(p['mss:psc']['@discovery'])).json()) as { token_endpoint: string };
    expect(disco.token_endpoint).toBe(cfg.oAuth2.tokenURL);
  });
});

describe('sandbox web: BAL listing', () => {
  const list = (token?: string) =>
    sb.fetch(`${sb.urls.web}/api/v1/bals`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it("lists the secretary's delegated BALs with roles", async () => {
    const res = await list(await sb.token(CLAIRE));
    expect(res.status).toBe(200);
    const bals = (await res.json()) as Array<Record<string, string>>;
    expect(bals).toEqual([
      { address: `alice.martin@${DOMAIN}`, type: 'PER', label: 'Dr Alice MARTIN', role: 'délégataire' },
      { address: `cabinet.saint-roch@${DOMAIN}`, type: 'CAB', label: 'Cabinet médical Saint-Roch', role: 'délégataire' },
      { address: `accueil.centre-sante@${DOMAIN}`, type: 'ORG', label: 'Centre de santé Saint-Roch – Accueil', role: 'délégataire' },
    ]);
  });

  it("lists Alice's own BALs as titulaire, and nothing for Paul", async () => {
    const alice = (await (await list(await sb.token(ALICE))).json()) as Array<Record<string, string>>;
    expect(alice.map((b) => b.role)).toEqual(['titulaire', 'titulaire', 'titulaire']);
    expect(alice[0]?.address).toBe(`alice.martin@${DOMAIN}`);
    const paul = await list(await sb.token(PAUL));
    expect(paul.status).toBe(200);
    expect(await paul.json()).toEqual([]);
  });

  it('answers 401 JSON without a token, with an unknown token, and after revocation', async () => {
    const none = await list();
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toBe('invalid_token');
    const bogus = await list('bogus-token');
    expect(bogus.status).toBe(401);
    const token = await sb.token(CLAIRE);
    expect((await list(token)).status).toBe(200);
    await sb.control('/revoke', { idNat: CLAIRE });
    const revoked = await list(token);
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error_description: string }).error_description).toMatch(/reconnectez-vous/);
  });
});

describe('sandbox web: CGU', () => {
  it('serves a French terms page', async () => {
    const res = await sb.fetch(`${sb.urls.web}/cgu`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain("Conditions générales d'utilisation");
  });
});
