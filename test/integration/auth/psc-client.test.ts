// The app's PSC client against a real sandbox PSC (oidc-provider) started on ephemeral ports:
// discovery, CIBA outcomes, authorization code + PKCE through the login page, refresh, revocation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PscClient, PscError, type CibaHandle } from '../../../main/auth/psc';
import { PEOPLE, PSC_CLIENT } from '../../../sandbox/config';
import { startTestSandbox, type TestSandbox } from '../psc/helpers';
import { loginInBrowser, pscSettings } from './helpers';

const ALICE = PEOPLE[0]!; // CARD + MOBILE
const CLAIRE = PEOPLE[2]!; // MOBILE only

let sb: TestSandbox;
let psc: PscClient;

beforeAll(async () => {
  sb = await startTestSandbox({ cibaIntervalSeconds: 1, cibaTtlSeconds: 30 });
  psc = await PscClient.connect(pscSettings(sb.issuer));
});
afterAll(async () => {
  await sb?.close();
});

async function pending(idNat: string): Promise<Array<Record<string, unknown>>> {
  const all = (await (await sb.control('/ciba/pending')).json()) as Array<Record<string, unknown>>;
  return all.filter((p) => p.login_hint === idNat);
}

/** Approves the newest pending request of that person (older ones may be left by cancelled tests). */
async function approveLatest(idNat: string, bindingMessage: string): Promise<void> {
  const mine = (await pending(idNat)).filter((p) => p.binding_message === bindingMessage);
  const res = await sb.control('/ciba/approve', { authReqId: mine.at(-1)!.auth_req_id as string });
  expect(res.status).toBe(200);
}

describe('discovery', () => {
  it("reads PSC's wallet-openid-configuration first", () => {
    expect(psc.discoveryUrl).toBe(`${sb.issuer}/.well-known/wallet-openid-configuration`);
    expect(psc.issuer).toBe(sb.issuer);
    expect(psc.supportsCiba).toBe(true);
  });

  it('falls back to the standard openid-configuration name when the named document is missing', async () => {
    const client = await PscClient.connect(pscSettings(sb.issuer, { discoveryUrl: `${sb.issuer}/.well-known/does-not-exist` }));
    expect(client.discoveryUrl).toBe(`${sb.issuer}/.well-known/wallet-openid-configuration`);
    const std = await PscClient.connect(pscSettings(sb.issuer, { discoveryUrl: `${sb.issuer}/.well-known/openid-configuration` }));
    expect(std.discoveryUrl).toBe(`${sb.issuer}/.well-known/openid-configuration`);
  });

  it('refuses a document announcing another issuer', async () => {
    const err = await PscClient.connect(pscSettings(`${sb.issuer}-other`, { discoveryUrl: `${sb.issuer}/.well-known/openid-configuration` })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PscError);
    expect((err as PscError).code).toBe('issuer-mismatch');
  });

  it('refuses a server certificate outside the trusted roots (verification is never off)', async () => {
    const err = await PscClient.connect(pscSettings(sb.issuer, { trust: { extraCa: [] } })).catch((e: unknown) => e);
    expect((err as PscError).code).toBe('tls');
    expect((err as PscError).message).toMatch(/certificat/);
  });
});

describe('CIBA', () => {
  it('approved: binding message and channel reach the phone, tokens and identity come back', async () => {
    const handle = await psc.startCiba({ idNat: ALICE.idNat, channel: 'MOBILE' });
    expect(handle.bindingMessage).toMatch(/^\d{2}$/);
    expect(handle.expiresAt).toBeGreaterThan(Date.now());
    const [req] = await pending(ALICE.idNat);
    expect(req).toMatchObject({ binding_message: handle.bindingMessage, channel: 'MOBILE', client_id: PSC_CLIENT.clientId, scope: 'openid scope_all' });
    const approve = await sb.control('/ciba/approve', { authReqId: req!.auth_req_id as string });
    expect(approve.status).toBe(200);
    const outcome = await handle.outcome;
    expect(outcome.kind).toBe('approved');
    if (outcome.kind !== 'approved') return;
    expect(outcome.tokens.identity).toMatchObject({ idNat: ALICE.idNat, givenName: 'Alice', familyName: 'MARTIN', authMode: 'MOBILE' });
    expect(outcome.tokens.identity.professions).toEqual(['Médecin']);
    expect(outcome.tokens.refreshToken).toBeTruthy();
    expect(outcome.tokens.expiresAt).toBeGreaterThan(Date.now());
    const introspected = await sb.introspect(outcome.tokens.accessToken);
    expect(introspected).toMatchObject({ active: true, sub: ALICE.idNat });
  });

  it('approved with the card channel reports authMode CARD', async () => {
    const handle = await psc.startCiba({ idNat: ALICE.idNat, channel: 'CARD' });
    await approveLatest(ALICE.idNat, handle.bindingMessage);
    const outcome = await handle.outcome;
    expect(outcome.kind === 'approved' && outcome.tokens.identity.authMode).toBe('CARD');
  });

  it('denied on the phone', async () => {
    const handle = await psc.startCiba({ idNat: CLAIRE.idNat, channel: 'MOBILE' });
    const mine = (await pending(CLAIRE.idNat)).filter((p) => p.binding_message === handle.bindingMessage);
    expect((await sb.control('/ciba/deny', { authReqId: mine.at(-1)!.auth_req_id as string })).status).toBe(200);
    const outcome = await handle.outcome;
    expect(outcome).toEqual({ kind: 'denied', message: expect.stringMatching(/refusée/) });
  });

  it('expired when nobody answers in time', async () => {
    const handle = await psc.startCiba({ idNat: CLAIRE.idNat, channel: 'MOBILE', requestedExpirySeconds: 3 });
    expect(handle.expiresIn).toBe(3);
    const outcome = await handle.outcome;
    expect(outcome.kind).toBe('expired');
    // Not given up early: by the time the client says "expired", the provider no longer holds the request
    // (a phone approving it now is refused).
    expect((await sb.control('/ciba/approve', { authReqId: handle.authReqId })).status).toBe(404);
    expect(outcome.kind === 'expired' && outcome.message).toMatch(/délai/i);
  });

  it('cancelled by the user (cancel() and an AbortSignal), promptly', async () => {
    const handle: CibaHandle = await psc.startCiba({ idNat: CLAIRE.idNat, channel: 'MOBILE' });
    let settled = false;
    void handle.outcome.then(() => (settled = true));
    handle.cancel();
    // Promptly: settled within the same turn of the event loop, not at the next poll of the provider.
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(true);
    expect((await handle.outcome).kind).toBe('cancelled');

    const ac = new AbortController();
    const second = await psc.startCiba({ idNat: CLAIRE.idNat, channel: 'MOBILE', signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    expect((await second.outcome).kind).toBe('cancelled');
  });

  it('unknown IdNat and unavailable method are typed errors with French messages', async () => {
    const unknown = await psc.startCiba({ idNat: '810000000000', channel: 'MOBILE' }).catch((e: unknown) => e);
    expect((unknown as PscError).code).toBe('unknown-user');
    const noCard = await psc.startCiba({ idNat: CLAIRE.idNat, channel: 'CARD' }).catch((e: unknown) => e);
    expect((noCard as PscError).code).toBe('method-unavailable');
    expect((noCard as PscError).message).toMatch(/moyen d'authentification/);
  });

  it('a wrong client secret is reported as an unregistered software', async () => {
    const bad = await PscClient.connect(pscSettings(sb.issuer, { clientSecret: 'wrong' }));
    const err = await bad.startCiba({ idNat: ALICE.idNat, channel: 'MOBILE' }).catch((e: unknown) => e);
    expect((err as PscError).code).toBe('invalid-client');
  });
});

describe('authorization code + PKCE (loopback redirect)', () => {
  it('logs in through the login page and gets tokens for that person', async () => {
    const handle = await psc.startAuthorizationCode();
    const auth = new URL(handle.authorizationUrl);
    expect(handle.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    expect(auth.searchParams.get('acr_values')).toBe('eidas1');
    expect(auth.searchParams.get('scope')).toBe('openid scope_all');

    // A forged callback with another state does not end the wait.
    const forged = await sb.fetch(`${handle.redirectUri}?code=forged&state=forged`);
    expect(forged.status).toBe(400);

    const { callbackStatus } = await loginInBrowser(sb.fetch, handle.authorizationUrl, CLAIRE.idNat, 'ecps');
    expect(callbackStatus).toBe(200);
    const tokens = await handle.waitForCallback();
    expect(tokens.identity).toMatchObject({ idNat: CLAIRE.idNat, givenName: 'Claire', familyName: 'PETIT', authMode: 'MOBILE' });
    expect(tokens.refreshToken).toBeTruthy();
    expect(await sb.introspect(tokens.accessToken)).toMatchObject({ active: true, sub: CLAIRE.idNat });
  });

  it('cancel() ends the wait with a typed error', async () => {
    const handle = await psc.startAuthorizationCode();
    handle.cancel();
    const err = await handle.waitForCallback().catch((e: unknown) => e);
    expect((err as PscError).code).toBe('login-cancelled');
  });

  it('the person cancelling on the login page is reported as such', async () => {
    const handle = await psc.startAuthorizationCode();
    const first = await sb.fetch(handle.authorizationUrl);
    const interaction = new URL(first.headers.get('location')!, handle.authorizationUrl).href;
    const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    let res = await sb.fetch(`${interaction}/abort`, { headers: { cookie } });
    let url = `${interaction}/abort`;
    while (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      res = await sb.fetch(url, { headers: { cookie } });
    }
    const err = await handle.waitForCallback().catch((e: unknown) => e);
    expect((err as PscError).code).toBe('login-denied');
  });
});

describe('refresh and revocation', () => {
  async function cibaLogin(idNat: string) {
    const handle = await psc.startCiba({ idNat, channel: 'MOBILE' });
    await approveLatest(idNat, handle.bindingMessage);
    const outcome = await handle.outcome;
    if (outcome.kind !== 'approved') throw new Error(outcome.kind);
    return outcome.tokens;
  }

  it('refresh gives a new access token and rotates the refresh token', async () => {
    const tokens = await cibaLogin(CLAIRE.idNat);
    const next = await psc.refresh(tokens.refreshToken!);
    expect(next.accessToken).not.toBe(tokens.accessToken);
    expect(next.refreshToken).toBeTruthy();
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(await sb.introspect(next.accessToken)).toMatchObject({ active: true, sub: CLAIRE.idNat });
    const reused = await psc.refresh(tokens.refreshToken!).catch((e: unknown) => e);
    expect((reused as PscError).code).toBe('refresh-refused');
  });

  it('a revoked refresh token is refused afterwards', async () => {
    const tokens = await cibaLogin(ALICE.idNat);
    await psc.revoke(tokens.refreshToken!);
    const err = await psc.refresh(tokens.refreshToken!).catch((e: unknown) => e);
    expect((err as PscError).code).toBe('refresh-refused');
    expect((err as PscError).message).toBe('Votre session Pro Santé Connect a expiré : reconnectez-vous.');
  });

  it('an administrator revoking the person (control endpoint) makes refresh fail', async () => {
    const tokens = await cibaLogin(CLAIRE.idNat);
    expect((await sb.control('/revoke', { idNat: CLAIRE.idNat })).status).toBe(200);
    const err = await psc.refresh(tokens.refreshToken!).catch((e: unknown) => e);
    expect((err as PscError).code).toBe('refresh-refused');
  });
});
