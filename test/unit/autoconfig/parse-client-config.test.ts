import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AccountConfigSchema } from '../../../main/autoconfig/types';
import { parseClientConfig } from '../../../main/autoconfig/parse-client-config';
import { AutoconfigError } from '../../../main/autoconfig/errors';

const here = path.dirname(fileURLToPath(import.meta.url));
// The example of docs/autoconfig-format.md itself, so the published format and the parser cannot drift apart.
const FORMAT_DOC = fs.readFileSync(path.join(here, '../../../docs/autoconfig-format.md'), 'utf8');
const SANDBOX_EXAMPLE = /```xml\n([\s\S]*?)```/.exec(FORMAT_DOC)![1]!;
const ADDR = 'alice.martin@test.mssante.fr';

function doc(provider: string, extraRoot = '', ns = 'xmlns:mss="urn:mssante:clientconfig:1"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1" ${ns}><emailProvider id="x">${provider}</emailProvider>${extraRoot}</clientConfig>`;
}
const server = (tag: 'incomingServer' | 'outgoingServer', type: string, o: Partial<Record<'hostname' | 'port' | 'socketType' | 'username' | 'authentication', string>> = {}) => {
  const v = { hostname: 'mail.example.mssante.fr', port: tag === 'incomingServer' ? '143' : '587', socketType: 'STARTTLS', username: '%EMAILADDRESS%', authentication: 'OAuth2', ...o };
  return `<${tag} type="${type}">${Object.entries(v).map(([k, x]) => (x === '' ? '' : `<${k}>${x}</${k}>`)).join('')}</${tag}>`;
};
const both = (i = {}, o = {}) => server('incomingServer', 'imap', i) + server('outgoingServer', 'smtp', o);

function expectError(fn: () => unknown, code: string): AutoconfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AutoconfigError);
    expect((e as AutoconfigError).code).toBe(code);
    return e as AutoconfigError;
  }
  throw new Error(`expected AutoconfigError ${code}`);
}

describe('parseClientConfig: valid documents', () => {
  it('reads the sandbox document of docs/autoconfig-format.md completely', () => {
    const { config, warnings } = parseClientConfig(SANDBOX_EXAMPLE, ADDR, { testMode: true });
    expect(warnings).toEqual([]);
    expect(config.imap).toEqual({ host: 'localhost', port: 10143, security: 'starttls', username: ADDR, auth: 'oauth2', authMethods: ['oauth2'] });
    expect(config.smtp).toMatchObject({ host: 'localhost', port: 10587, security: 'starttls', username: ADDR, auth: 'oauth2' });
    expect(config.psc).toMatchObject({
      issuer: 'https://localhost:10443/auth/realms/esante-wallet',
      discoveryUrl: 'https://localhost:10443/auth/realms/esante-wallet/.well-known/wallet-openid-configuration',
      clientId: 'mssante-client-lps',
      flows: ['ciba-card', 'ciba-mobile', 'authorization-code'],
      scope: 'openid scope_all',
      acrValues: 'eidas1',
      tokenUrl: 'https://localhost:10443/auth/realms/esante-wallet/protocol/openid-connect/token',
    });
    expect(config.certificateAuth).toEqual({ host: 'localhost', port: 10994, security: 'tls', mechanism: 'EXTERNAL' });
    expect(config.balListingUrl).toBe('https://localhost:10444/api/v1/bals');
    expect(config.cguUrl).toBe('https://localhost:10444/cgu');
    expect(config.connectionCap).toBe(10);
    expect(config.nilRequired).toBe(true);
    expect(config.displayName).toBe('Opérateur MSSanté de test');
    // The result is what the settings store saves.
    expect(AccountConfigSchema.parse(config)).toEqual(config);
  });

  it('matches the extension namespace by URI, not by prefix, and ignores unknown elements', () => {
    const xml = doc(`<domain>example.mssante.fr</domain>${both()}<foo:bar xmlns:foo="urn:other">x</foo:bar><unknown><deep/></unknown>
      <s:psc issuer="https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet"><s:flow>ciba-mobile</s:flow><s:flow>teleportation</s:flow></s:psc>
      <s:connectionCap>4</s:connectionCap><mss:connectionCap>99</mss:connectionCap>`, '', 'xmlns:s="urn:mssante:clientconfig:1" xmlns:mss="urn:not-ours"');
    const { config, warnings } = parseClientConfig(xml, 'bob@example.mssante.fr', { testMode: false });
    expect(config.psc?.flows).toEqual(['ciba-mobile']);
    expect(config.connectionCap).toBe(4);
    expect(warnings).toEqual([]);
  });

  it('expands placeholders and decodes predefined entities', () => {
    const xml = doc(both({ hostname: 'imap.%EMAILDOMAIN%', username: '%EMAILLOCALPART%' }) +
      '<mss:cgu url="https://cgu.example.mssante.fr/cgu?who=%EMAILADDRESS%&amp;lang=fr"/>');
    const { config } = parseClientConfig(xml, 'Jean.Dupont@Example.MSSante.fr', { testMode: false });
    expect(config.imap.host).toBe('imap.example.mssante.fr');
    expect(config.imap.username).toBe('Jean.Dupont');
    expect(config.smtp.username).toBe('Jean.Dupont@example.mssante.fr');
    expect(config.cguUrl).toBe('https://cgu.example.mssante.fr/cgu?who=Jean.Dupont%40example.mssante.fr&lang=fr');
  });

  it('skips a plain-text server when a secure one follows, with a warning', () => {
    const xml = doc(server('incomingServer', 'pop3') + server('incomingServer', 'imap', { socketType: 'plain', port: '143' }) +
      server('incomingServer', 'imap', { socketType: 'SSL', port: '993' }) + server('outgoingServer', 'smtp'));
    const { config, warnings } = parseClientConfig(xml, 'a@example.mssante.fr', { testMode: false });
    expect(config.imap).toMatchObject({ port: 993, security: 'tls' });
    expect(warnings.map((w) => w.code)).toContain('ignored-server');
  });

  it('prefers OAuth2 and keeps the other supported methods', () => {
    const xml = doc(server('incomingServer', 'imap', { authentication: 'password-cleartext</authentication><authentication>TLS-client-cert</authentication><authentication>OAuth2' }) + server('outgoingServer', 'smtp', { authentication: 'password-cleartext' }));
    const { config, warnings } = parseClientConfig(xml, 'a@example.mssante.fr', { testMode: false });
    expect(config.imap.auth).toBe('oauth2');
    expect(config.imap.authMethods).toEqual(['password', 'external', 'oauth2']);
    expect(config.smtp.auth).toBe('password');
    expect(warnings.map((w) => w.code)).toContain('psc-default');
  });

  it('builds PSC settings from the standard oAuth2 block when mss:psc is absent', () => {
    const xml = doc(both(), `<oAuth2><issuer>auth.esw.esante.gouv.fr</issuer><scope>openid scope_all</scope>
      <authURL>https://wallet.esw.esante.gouv.fr/auth</authURL>
      <tokenURL>https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/protocol/openid-connect/token</tokenURL></oAuth2>`);
    const { config, warnings } = parseClientConfig(xml, 'a@example.mssante.fr', { testMode: false });
    expect(config.psc).toMatchObject({ issuer: 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet', flows: ['authorization-code'] });
    expect(config.psc?.discoveryUrl).toBe('https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/.well-known/wallet-openid-configuration');
    expect(warnings.map((w) => w.code)).toEqual(['psc-from-oauth2']);
  });

  it('a bare oAuth2 issuer host is never turned into an issuer by guessing an endpoint path', () => {
    const xml = doc(both(), `<oAuth2><issuer>login.operateur.example</issuer><scope>openid scope_all</scope>
      <tokenURL>https://login.operateur.example/auth/realms/esante-wallet/protocol/openid-connect/token</tokenURL></oAuth2>`);
    const { config } = parseClientConfig(xml, 'a@example.mssante.fr', { testMode: true });
    expect(config.psc?.issuer).toBe('https://login.operateur.example');
    expect(config.psc?.discoveryUrl).toBe('https://login.operateur.example/.well-known/wallet-openid-configuration');
  });

  it('warns when the login service is not Pro Santé Connect (outside test mode)', () => {
    const xml = doc(both() + '<mss:psc issuer="https://login.evil.example/realm"><mss:flow>authorization-code</mss:flow></mss:psc>');
    const { warnings } = parseClientConfig(xml, 'a@example.mssante.fr', { testMode: false });
    expect(warnings.map((w) => w.code)).toContain('psc-issuer-unknown');
  });

  it('accepts an undeclared mss: prefix with a warning', () => {
    const xml = doc(both() + '<mss:connectionCap>3</mss:connectionCap>', '', '');
    const { config, warnings } = parseClientConfig(xml, 'a@example.mssante.fr', { testMode: false });
    expect(config.connectionCap).toBe(3);
    expect(warnings.map((w) => w.code)).toContain('mss-namespace-undeclared');
  });

  it('warns when the document does not cover the address domain', () => {
    const xml = doc(`<domain>other.mssante.fr</domain>${both()}`);
    const { warnings } = parseClientConfig(xml, 'a@example.mssante.fr', { testMode: false });
    expect(warnings.map((w) => w.code)).toContain('domain-not-listed');
  });
});

describe('parseClientConfig: partial documents', () => {
  it('reports every missing required element', () => {
    const xml = doc(server('incomingServer', 'imap', { hostname: '', authentication: '' }));
    const err = expectError(() => parseClientConfig(xml, ADDR, { testMode: true }), 'config-invalid');
    const issues = err.details?.issues as string[];
    expect(issues.some((i) => i.includes('hostname'))).toBe(true);
    expect(issues.some((i) => i.includes('authentication'))).toBe(true);
    expect(issues.some((i) => i.includes('outgoingServer'))).toBe(true);
    expect(err.message).toMatch(/incomplète/);
  });

  it('refuses a document that is not a clientConfig', () => {
    expectError(() => parseClientConfig('<html><body>hello</body></html>', ADDR, { testMode: true }), 'config-invalid');
    expectError(() => parseClientConfig('<clientConfig version="1.1"/>', ADDR, { testMode: true }), 'config-invalid');
  });

  it('ignores bad optional elements with warnings instead of failing', () => {
    const xml = doc(both() + '<mss:balListing url="http://bal.example.mssante.fr/list"/><mss:connectionCap>beaucoup</mss:connectionCap>' +
      '<mss:certificateAuth><mss:incomingServer type="imap"><mss:hostname>cert.example.mssante.fr</mss:hostname><mss:port>993</mss:port><mss:socketType>plain</mss:socketType></mss:incomingServer></mss:certificateAuth>');
    const { config, warnings } = parseClientConfig(xml, 'a@example.mssante.fr', { testMode: false });
    expect(config.balListingUrl).toBeUndefined();
    expect(config.connectionCap).toBe(10);
    expect(config.certificateAuth).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['ignored-url', 'connection-cap-invalid', 'certificate-auth-ignored']));
  });
});

describe('parseClientConfig: hostile documents', () => {
  it('refuses a billion laughs document before expanding anything', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>
<clientConfig version="1.1"><emailProvider id="x"><displayName>&lol9;</displayName>${both()}</emailProvider></clientConfig>`;
    const err = expectError(() => parseClientConfig(bomb, ADDR, { testMode: true }), 'xml-doctype');
    expect(err.message).toMatch(/DOCTYPE/);
  });

  it('refuses external entities (XXE)', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><clientConfig><emailProvider><displayName>&xxe;</displayName>${both()}</emailProvider></clientConfig>`;
    expectError(() => parseClientConfig(xxe, ADDR, { testMode: true }), 'xml-doctype');
  });

  it('never expands an undeclared entity reference', () => {
    const xml = doc(both() + '<displayName>&xxe; &amp; co</displayName>').replace('<emailProvider id="x">', '<emailProvider id="x"><displayName>&xxe; &amp; co</displayName>');
    const { config } = parseClientConfig(xml, 'a@example.mssante.fr', { testMode: false });
    expect(config.displayName).toBe('&xxe; & co');
  });

  it('refuses a huge document', () => {
    const huge = doc(both() + `<displayName>${'A'.repeat(300 * 1024)}</displayName>`);
    expectError(() => parseClientConfig(huge, ADDR, { testMode: true }), 'response-too-large');
  });

  it('refuses malformed XML', () => {
    expectError(() => parseClientConfig('<clientConfig><emailProvider></clientConfig>', ADDR, { testMode: true }), 'xml-malformed');
  });

  it('reports wrong types', () => {
    for (const port of ['abc', '70000', '-1', '1.5', '0']) {
      const err = expectError(() => parseClientConfig(doc(both({ port })), 'a@example.mssante.fr', { testMode: false }), 'config-invalid');
      expect(err.message).toMatch(/port/);
    }
    expectError(() => parseClientConfig(doc(both({ socketType: 'QUANTUM' })), 'a@example.mssante.fr', { testMode: false }), 'config-invalid');
    expectError(() => parseClientConfig(doc(both({ hostname: 'bad host!' })), 'a@example.mssante.fr', { testMode: false }), 'config-invalid');
    expectError(() => parseClientConfig(doc(both({ authentication: 'GSSAPI' })), 'a@example.mssante.fr', { testMode: false }), 'config-invalid');
  });

  it('refuses plain-text-only servers', () => {
    const err = expectError(() => parseClientConfig(doc(both({ socketType: 'plain' })), 'a@example.mssante.fr', { testMode: false }), 'insecure-socket');
    expect(err.message).toMatch(/non chiffrée/);
  });

  it('refuses private or loopback IP literals outside test mode', () => {
    const xml = doc(both({ hostname: '127.0.0.1' }));
    const err = expectError(() => parseClientConfig(xml, 'a@example.mssante.fr', { testMode: false }), 'config-invalid');
    expect(err.message).toMatch(/adresse locale ou privée/);
    expect(parseClientConfig(xml, 'a@example.mssante.fr', { testMode: true }).config.imap.host).toBe('127.0.0.1');
  });
});

describe('parseClientConfig: refused values (issue 18)', () => {
  it('refuses a document that is not valid UTF-8 instead of replacing the bytes', () => {
    const text = doc(`<displayName>OpXX</displayName>${both()}`);
    const at = Buffer.from(text).indexOf('XX');
    const bytes = Buffer.from(text);
    bytes[at] = 0xc3;
    bytes[at + 1] = 0x28; // not a continuation byte: invalid UTF-8
    expect(parseClientConfig(Buffer.from(text), ADDR, { testMode: false }).config.displayName).toBe('OpXX');
    const e = expectError(() => parseClientConfig(bytes, ADDR, { testMode: false }), 'xml-malformed');
    expect(e.message).toMatch(/UTF-8/);
  });

  it('refuses a user name with CR/LF or other control characters (command injection)', () => {
    for (const user of ['%EMAILADDRESS%&#13;&#10;A1 LOGOUT', 'a&#10;b@x.fr', 'a&#9;b@x.fr', 'a b@x.fr']) {
      expectError(() => parseClientConfig(doc(both({ username: user })), ADDR, { testMode: false }), 'config-invalid');
    }
  });

  it('refuses port 25 for submission (relay port, not the message submission one)', () => {
    const e = expectError(() => parseClientConfig(doc(both({}, { port: '25' })), ADDR, { testMode: false }), 'config-invalid');
    expect(e.message).toMatch(/25/);
    expect(parseClientConfig(doc(both({}, { port: '465', socketType: 'SSL' })), ADDR, { testMode: false }).config.smtp.port).toBe(465);
  });
});
