// Discovery documents, RFC 7662 introspection (as Dovecot calls it), revocation and the /__sandbox controls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { PSC_CLIENT, PSC_INTROSPECTION_CLIENT } from '../../../sandbox/config';
import { sleep, startTestSandbox, type TestSandbox } from './helpers';

const ALICE = '810001234567';
const CLAIRE = '810101234560';
const BOB = '810009876543';

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

/** CIBA login approved by the control endpoint; returns the token response. */
async function cibaLogin(idNat: string) {
  const ba = await client.initiateBackchannelAuthentication(config, {
    scope: 'openid scope_all', acr_values: 'eidas1', login_hint: idNat, binding_message: '12', channel: 'MOBILE',
  });
  const approved = await sb.control('/ciba/approve', { authReqId: ba.auth_req_id });
  expect(approved.status).toBe(200);
  return client.pollBackchannelAuthenticationGrant(config, ba);
}

describe('sandbox PSC: discovery', () => {
  it('serves the same document at openid-configuration and wallet-openid-configuration', async () => {
    const std = await sb.fetch(`${sb.issuer}/.well-known/openid-configuration`);
    const wallet = await sb.fetch(`${sb.issuer}/.well-known/wallet-openid-configuration`);
    expect(std.status).toBe(200);
    expect(wallet.status).toBe(200);
    const a = (await std.json()) as Record<string, unknown>;
    const b = (await wallet.json()) as Record<string, unknown>;
    expect(b).toEqual(a);
    expect(a).toMatchObject({
      issuer: sb.issuer,
      authorization_endpoint: `${sb.issuer}/protocol/openid-connect/auth`,
      token_endpoint: `${sb.issuer}/protocol/openid-connect/token`,
      introspection_endpoint: `${sb.issuer}/protocol/openid-connect/token/introspect`,
      revocation_endpoint: `${sb.issuer}/protocol/openid-connect/revoke`,
      end_session_endpoint: `${sb.issuer}/protocol/openid-connect/logout`,
      backchannel_authentication_endpoint: `${sb.issuer}/protocol/openid-connect/ext/ciba/auth`,
      backchannel_token_delivery_modes_supported: ['poll'],
      acr_values_supported: ['eidas1'],
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect(a.scopes_supported).toEqual(expect.arrayContaining(['openid', 'scope_all']));
    expect(a.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'urn:openid:params:grant-type:ciba']));
    expect(a.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
    expect(a.claims_supported).toEqual(expect.arrayContaining(['SubjectNameID', 'preferred_username', 'given_name', 'family_name', 'SubjectRefPro', 'authMode', 'otherIds']));
  });

  it('openid-client accepts the wallet discovery URL', async () => {
    const cfg = await client.discovery(new URL(`${sb.issuer}/.well-known/wallet-openid-configuration`), PSC_CLIENT.clientId, PSC_CLIENT.clientSecret, undefined, {
      [client.customFetch]: sb.fetch as unknown as client.CustomFetch,
    });
    expect(cfg.serverMetadata().issuer).toBe(sb.issuer);
  });
});

describe('sandbox PSC: introspection, revocation, controls', () => {
  it('introspects a token issued by /__sandbox/token (internal http, Basic and post client auth)', async () => {
    const token = await sb.token(ALICE);
    const info = await sb.introspect(token);
    expect(info).toMatchObject({
      active: true, sub: ALICE, SubjectNameID: ALICE, scope: 'openid scope_all', client_id: PSC_CLIENT.clientId, token_type: 'Bearer',
    });
    const now = Math.floor(Date.now() / 1000);
    expect(info.exp).toBeGreaterThan(now + 250);
    expect(info.exp).toBeLessThanOrEqual(now + 301);

    // client_secret_post over https works too.
    const res = await sb.fetch(`${sb.issuer}/protocol/openid-connect/token/introspect`, {
      method: 'POST',
      body: new URLSearchParams({ token, client_id: PSC_INTROSPECTION_CLIENT.clientId, client_secret: PSC_INTROSPECTION_CLIENT.clientSecret }),
    });
    expect(((await res.json()) as { active: boolean }).active).toBe(true);

    // Unknown tokens and wrong client secrets.
    expect((await sb.introspect('not-a-token')).active).toBe(false);
    const bad = await sb.fetch(`${sb.urls.pscInternal}/protocol/openid-connect/token/introspect`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${PSC_INTROSPECTION_CLIENT.clientId}:wrong`).toString('base64')}` },
      body: new URLSearchParams({ token }),
    });
    expect(bad.status).toBe(401);
  });

  it('a short ttlSeconds token becomes inactive on its own', async () => {
    const token = await sb.token(CLAIRE, 1);
    expect((await sb.introspect(token)).active).toBe(true);
    await sleep(1200);
    expect((await sb.introspect(token)).active).toBe(false);
  });

  it('/__sandbox/expire ends current access tokens, refresh still works', async () => {
    const tokens = await cibaLogin(BOB);
    expect((await sb.introspect(tokens.access_token)).active).toBe(true);
    const res = await sb.control('/expire', { idNat: BOB });
    expect(((await res.json()) as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    expect((await sb.introspect(tokens.access_token)).active).toBe(false);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect((await sb.introspect(refreshed.access_token)).active).toBe(true);
  });

  it('/__sandbox/revoke makes tokens inactive and refresh fail', async () => {
    const tokens = await cibaLogin(CLAIRE);
    const direct = await sb.token(CLAIRE);
    const other = await sb.token(ALICE);
    const res = await sb.control('/revoke', { idNat: CLAIRE });
    expect(res.status).toBe(200);
    expect((await sb.introspect(tokens.access_token)).active).toBe(false);
    expect((await sb.introspect(direct)).active).toBe(false);
    expect((await sb.introspect(other)).active).toBe(true);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revocation endpoint (RFC 7009) revokes an access token and a refresh token', async () => {
    const tokens = await cibaLogin(ALICE);
    await client.tokenRevocation(config, tokens.access_token);
    expect((await sb.introspect(tokens.access_token)).active).toBe(false);
    await client.tokenRevocation(config, tokens.refresh_token!);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('controls validate their input', async () => {
    expect((await sb.control('/token', { idNat: '899999999999' })).status).toBe(400);
    expect((await sb.control('/ciba/approve', { idNat: ALICE })).status).toBe(404);
    expect((await sb.control('/nope', {})).status).toBe(404);
  });
});
