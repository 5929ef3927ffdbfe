// CIBA (poll mode) against the sandbox PSC: approve, deny, expiry, slow_down, request validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { PSC_CLIENT } from '../../../sandbox/config';
import { sleep, startTestSandbox, type TestSandbox } from './helpers';

const CLAIRE = '810101234560';
const BOB = '810009876543';
const PAUL = '810005555555';
const CIBA_GRANT = 'urn:openid:params:grant-type:ciba';

let sb: TestSandbox;
let config: client.Configuration;
let basicAuth: string;

beforeAll(async () => {
  sb = await startTestSandbox({ cibaIntervalSeconds: 1 });
  // client_secret_post here (the code-flow tests use client_secret_basic), discovered by PSC's own name.
  config = await client.discovery(
    new URL(`${sb.issuer}/.well-known/wallet-openid-configuration`),
    PSC_CLIENT.clientId,
    PSC_CLIENT.clientSecret,
    client.ClientSecretPost(),
    { [client.customFetch]: sb.fetch as unknown as client.CustomFetch },
  );
  basicAuth = `Basic ${Buffer.from(`${PSC_CLIENT.clientId}:${PSC_CLIENT.clientSecret}`).toString('base64')}`;
});

afterAll(async () => {
  await sb?.close();
});

function initiate(idNat: string, channel: 'CARD' | 'MOBILE', extra: Record<string, string> = {}) {
  return client.initiateBackchannelAuthentication(config, {
    scope: 'openid scope_all',
    acr_values: 'eidas1',
    login_hint: idNat,
    binding_message: '42',
    channel,
    ...extra,
  });
}

/** One raw poll of the token endpoint (to observe pacing errors that openid-client handles itself). */
async function rawPoll(authReqId: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await sb.fetch(`${sb.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { authorization: basicAuth },
    body: new URLSearchParams({ grant_type: CIBA_GRANT, auth_req_id: authReqId }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('sandbox PSC: CIBA', () => {
  it('lists the pending request and issues tokens once the phone approves', async () => {
    const ba = await initiate(CLAIRE, 'MOBILE');
    expect(ba.auth_req_id).toBeTruthy();
    expect(ba.expires_in).toBeGreaterThan(60);
    expect(ba.expires_in).toBeLessThanOrEqual(120);
    expect(ba.interval).toBe(1);

    const pending = (await (await sb.control('/ciba/pending')).json()) as Array<Record<string, unknown>>;
    expect(pending).toContainEqual(expect.objectContaining({
      auth_req_id: ba.auth_req_id, login_hint: CLAIRE, binding_message: '42', channel: 'MOBILE',
    }));

    const approving = (async () => {
      await sleep(1500);
      const res = await sb.control('/ciba/approve', { idNat: CLAIRE });
      expect(res.status).toBe(200);
    })();
    const tokens = await client.pollBackchannelAuthenticationGrant(config, ba);
    await approving;
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.expires_in).toBe(300);
    expect(tokens.claims()).toMatchObject({ sub: CLAIRE, SubjectNameID: CLAIRE, preferred_username: CLAIRE, authMode: 'MOBILE', acr: 'eidas1' });
    const info = await sb.introspect(tokens.access_token);
    expect(info).toMatchObject({ active: true, sub: CLAIRE, SubjectNameID: CLAIRE, authMode: 'MOBILE', client_id: PSC_CLIENT.clientId });

    // Refresh (rotation) works for CIBA grants too.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    // The request is consumed: it leaves the pending list, and replaying its auth_req_id fails and
    // revokes the whole grant (replay detection), so even the fresh refresh token dies.
    const after = (await (await sb.control('/ciba/pending')).json()) as Array<Record<string, unknown>>;
    expect(after.find((p) => p.auth_req_id === ba.auth_req_id)).toBeUndefined();
    const reuse = await rawPoll(ba.auth_req_id);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await sb.introspect(refreshed.access_token)).active).toBe(false);
  });

  it('card channel gives authMode CARD; approval by auth_req_id', async () => {
    const ba = await initiate(BOB, 'CARD');
    const res = await sb.control('/ciba/approve', { authReqId: ba.auth_req_id });
    expect(res.status).toBe(200);
    const tokens = await client.pollBackchannelAuthenticationGrant(config, ba);
    expect(tokens.claims()).toMatchObject({ sub: BOB, authMode: 'CARD', family_name: 'DURAND' });
  });

  it('answers access_denied when the phone refuses', async () => {
    const ba = await initiate(PAUL, 'MOBILE');
    expect((await sb.control('/ciba/deny', { idNat: PAUL })).status).toBe(200);
    const polled = await rawPoll(ba.auth_req_id);
    expect(polled.status).toBe(400);
    expect(polled.body.error).toBe('access_denied');
    await expect(client.pollBackchannelAuthenticationGrant(config, ba)).rejects.toBeTruthy();
  });

  it('answers expired_token after requested_expiry', async () => {
    const ba = await initiate(CLAIRE, 'MOBILE', { requested_expiry: '2' });
    expect(ba.expires_in).toBe(2);
    await sleep(2300);
    const polled = await rawPoll(ba.auth_req_id);
    expect(polled.status).toBe(400);
    expect(polled.body.error).toBe('expired_token');
    // Nothing left to approve.
    expect((await sb.control('/ciba/approve', { authReqId: ba.auth_req_id })).status).toBe(404);
  });

  it('answers authorization_pending, then slow_down when polled too fast', async () => {
    const ba = await initiate(CLAIRE, 'MOBILE');
    const first = await rawPoll(ba.auth_req_id);
    expect(first.body.error).toBe('authorization_pending');
    const second = await rawPoll(ba.auth_req_id);
    expect(second.body.error).toBe('slow_down');
    // The required interval is now 1 + 5 s: waiting the base interval is not enough.
    await sleep(1100);
    expect((await rawPoll(ba.auth_req_id)).body.error).toBe('slow_down');
    await sb.control('/ciba/deny', { authReqId: ba.auth_req_id });
  });

  it('validates login_hint and channel', async () => {
    await expect(initiate('899999999999', 'MOBILE')).rejects.toMatchObject({ error: 'unknown_user_id' });
    // Claire has no card.
    await expect(initiate(CLAIRE, 'CARD')).rejects.toMatchObject({ error: 'invalid_request' });
    await expect(
      client.initiateBackchannelAuthentication(config, { scope: 'openid scope_all', login_hint: CLAIRE }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
    await expect(
      client.initiateBackchannelAuthentication(config, { scope: 'openid scope_all', login_hint: CLAIRE, channel: 'PIGEON' }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
  });
});

describe('sandbox PSC: CIBA auto-approval (demo knob)', () => {
  it('approves by itself after SANDBOX_CIBA_AUTO_APPROVE_MS', async () => {
    const auto = await startTestSandbox({ cibaIntervalSeconds: 1, cibaAutoApproveMs: 300 });
    try {
      const cfg = await client.discovery(new URL(auto.issuer), PSC_CLIENT.clientId, PSC_CLIENT.clientSecret, client.ClientSecretBasic(), {
        [client.customFetch]: auto.fetch as unknown as client.CustomFetch,
      });
      const ba = await client.initiateBackchannelAuthentication(cfg, {
        scope: 'openid scope_all', login_hint: CLAIRE, binding_message: '17', channel: 'MOBILE',
      });
      const tokens = await client.pollBackchannelAuthenticationGrant(cfg, ba);
      expect(tokens.claims()?.sub).toBe(CLAIRE);
    } finally {
      await auto.close();
    }
  });
});
