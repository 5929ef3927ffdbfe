// Authorization code + PKCE against the sandbox PSC with openid-client v6, login page driven by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { PSC_CLIENT } from '../../../sandbox/config';
import { CookieJar, startTestSandbox, type TestSandbox } from './helpers';

const CLAIRE = '810101234560';
const ALICE = '810001234567';

let sb: TestSandbox;
let config: client.Configuration;

beforeAll(async () => {
  sb = await startTestSandbox();
  config = await client.discovery(new URL(sb.issuer), PSC_CLIENT.clientId, PSC_CLIENT.clientSecret, client.ClientSecretBasic(), {
    [client.customFetch]: sb.fetch as unknown as client.CustomFetch,
  });
});

afterAll(async () => {
  await sb?.close();
});

async function startAuthorization(port = 49152 + Math.floor(Math.random() * 10000)) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid scope_all',
    acr_values: 'eidas1',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  return { url, verifier, state, redirectUri };
}

/** Follows the provider's redirects to the login page; returns the form action and the jar. */
async function openLoginPage(authUrl: URL) {
  const jar = new CookieJar();
  const res = await sb.fetch(authUrl);
  expect(res.status).toBe(303);
  jar.store(res);
  const interactionUrl = new URL(res.headers.get('location')!, authUrl).href;
  const page = await sb.fetch(interactionUrl, { headers: { cookie: jar.header(interactionUrl) } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Connexion avec Pro Santé Connect');
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action).toBeTruthy();
  return { jar, action: new URL(action!.replace(/&amp;/g, '&'), interactionUrl).href };
}

async function submitLogin(jar: CookieJar, action: string, idNat: string, method: 'card' | 'ecps') {
  return sb.fetch(action, {
    method: 'POST',
    headers: { cookie: jar.header(action), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ idNat, method }).toString(),
  });
}

/** Full browser part: login then follow the resume redirect to the client's callback URL. */
async function loginToCallback(authUrl: URL, idNat: string, method: 'card' | 'ecps', jarOut?: { jar?: CookieJar }): Promise<URL> {
  const { jar, action } = await openLoginPage(authUrl);
  const res = await submitLogin(jar, action, idNat, method);
  expect(res.status).toBe(303);
  jar.store(res);
  const resumeUrl = new URL(res.headers.get('location')!, action).href;
  const resumed = await sb.fetch(resumeUrl, { headers: { cookie: jar.header(resumeUrl) } });
  expect(resumed.status).toBe(303);
  jar.store(resumed);
  if (jarOut) jarOut.jar = jar;
  return new URL(resumed.headers.get('location')!);
}

describe('sandbox PSC: authorization code + PKCE', () => {
  it('logs Claire in with e-CPS on any loopback port and returns PSC claims', async () => {
    const { url, verifier, state, redirectUri } = await startAuthorization();
    const callback = await loginToCallback(url, CLAIRE, 'ecps');
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    expect(callback.searchParams.get('code')).toBeTruthy();

    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(300);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.access_token.split('.').length).toBe(1); // opaque
    const idClaims = tokens.claims()!;
    expect(idClaims.sub).toBe(CLAIRE);
    expect(idClaims.acr).toBe('eidas1');
    expect(idClaims.SubjectNameID).toBe(CLAIRE);
    expect(idClaims.authMode).toBe('MOBILE');

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, CLAIRE);
    expect(userinfo).toMatchObject({
      sub: CLAIRE,
      SubjectNameID: CLAIRE,
      preferred_username: CLAIRE,
      given_name: 'Claire',
      family_name: 'PETIT',
      authMode: 'MOBILE',
    });
    expect(userinfo.SubjectRefPro).toMatchObject({ exercices: [{ nomDexercice: 'PETIT', prenomDexercice: 'Claire' }] });
    expect(userinfo.otherIds).toEqual([{ identifiant: '10101234560', origine: 'RPPS', qualite: 1 }]);

    const info = await sb.introspect(tokens.access_token);
    expect(info).toMatchObject({ active: true, sub: CLAIRE, SubjectNameID: CLAIRE, client_id: PSC_CLIENT.clientId, scope: 'openid scope_all' });

    // Refresh with rotation: the new refresh token works, the old one is spent.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('logs Alice in with her card (authMode CARD)', async () => {
    const { url, verifier, state } = await startAuthorization(7777);
    const callback = await loginToCallback(url, ALICE, 'card');
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()).toMatchObject({ sub: ALICE, authMode: 'CARD', family_name: 'MARTIN' });
  });

  it('reuses the browser session (SSO): a second authorization shows no login page', async () => {
    const first = await startAuthorization();
    const holder: { jar?: CookieJar } = {};
    await loginToCallback(first.url, ALICE, 'card', holder);
    const jar = holder.jar!;
    const second = await startAuthorization();
    // Native clients get a (here implicit) consent step: follow redirects, never meeting the login form.
    let url = second.url.href;
    let callback: URL | undefined;
    for (let hop = 0; hop < 6 && !callback; hop++) {
      const res = await sb.fetch(url, { headers: { cookie: jar.header(url) } });
      jar.store(res);
      expect(res.status).toBe(303);
      const next = new URL(res.headers.get('location')!, url);
      if (next.href.startsWith(second.redirectUri)) callback = next;
      url = next.href;
    }
    expect(callback).toBeDefined();
    const tokens = await client.authorizationCodeGrant(config, callback!, { pkceCodeVerifier: second.verifier, expectedState: second.state });
    expect(tokens.claims()).toMatchObject({ sub: ALICE, authMode: 'CARD' });
  });

  it('refuses a card login for someone without a card, and an unknown IdNat, in French', async () => {
    const { url } = await startAuthorization();
    const { jar, action } = await openLoginPage(url);
    const noCard = await submitLogin(jar, action, CLAIRE, 'card');
    expect(noCard.status).toBe(400);
    expect(await noCard.text()).toContain('Aucune carte CPS n&#39;est associée');
    const unknown = await submitLogin(jar, action, '899999999999', 'ecps');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Identifiant inconnu');
  });

  it('requires PKCE S256', async () => {
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:5000/callback',
      scope: 'openid scope_all',
      state: 'abc',
    });
    const res = await sb.fetch(url);
    expect(res.status).toBe(303);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.searchParams.get('error')).toBe('invalid_request');
    expect(loc.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('rejects a non-loopback redirect URI', async () => {
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://evil.example/callback',
      scope: 'openid scope_all',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const res = await sb.fetch(url);
    expect(res.status).toBe(400);
  });

  it('ends the session at the end_session endpoint', async () => {
    const { url, verifier, state } = await startAuthorization();
    const holder: { jar?: CookieJar } = {};
    const callback = await loginToCallback(url, CLAIRE, 'ecps', holder);
    const jar = holder.jar!;
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    const logoutUrl = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: 'http://127.0.0.1:6123/logout',
    }).href;
    const res = await sb.fetch(logoutUrl, { headers: { cookie: jar.header(logoutUrl) } });
    expect(res.status).toBe(200);
    jar.store(res);
    const html = await res.text();
    expect(html).toContain('Se déconnecter');
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirm = await sb.fetch(action, {
      method: 'POST',
      headers: { cookie: jar.header(action), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:6123\/logout/);
    // The session is gone: a new authorization asks for the login page again.
    const again = await startAuthorization();
    const res2 = await sb.fetch(again.url, { headers: { cookie: jar.header(again.url.href) } });
    expect(res2.status).toBe(303);
    expect(res2.headers.get('location')).toContain('/interaction/');
  });
});
