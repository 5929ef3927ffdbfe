// Issue 19.3: the discovery document decides every PSC endpoint. A sandbox provider publishes its
// endpoints at paths no other document uses (and a non-Keycloak issuer path); the app's PSC client must
// still do discovery, CIBA, authorization code + PKCE, refresh, userinfo and revocation, and the sandbox's
// own callers (introspection as Dovecot does it) follow the same routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PscClient, PscError } from '../../../main/auth/psc';
import { PEOPLE } from '../../../sandbox/config';
import { PSC_ROUTES, type PscRoutes } from '../../../sandbox/psc/routes';
import { loginInBrowser, pscSettings } from '../auth/helpers';
import { startTestSandbox, type TestSandbox } from './helpers';

const ALICE = PEOPLE[0]!;
const CLAIRE = PEOPLE[2]!;

const UNUSUAL: PscRoutes = {
  authorization: '/v7/sign-in/start',
  token: '/v7/grants/issue',
  userinfo: '/v7/people/me',
  jwks: '/v7/keys.json',
  introspection: '/internal/tokens/inspect',
  revocation: '/v7/grants/forget',
  end_session: '/v7/sign-out',
  backchannel_authentication: '/v7/decoupled/begin',
  pushed_authorization_request: '/v7/par',
};

let sb: TestSandbox;
let psc: PscClient;

beforeAll(async () => {
  sb = await startTestSandbox({ issuerPath: '/idp/tenants/sante-42', pscRoutes: UNUSUAL, cibaIntervalSeconds: 1, cibaTtlSeconds: 30 });
  psc = await PscClient.connect(pscSettings(sb.issuer));
});
afterAll(async () => {
  await sb?.close();
});

describe('a PSC provider whose endpoints live at unusual paths', () => {
  it('announces them in its discovery document, and the Keycloak paths do not exist there', async () => {
    const doc = (await (await sb.fetch(`${sb.issuer}/.well-known/wallet-openid-configuration`)).json()) as Record<string, string>;
    expect(doc.token_endpoint).toBe(`${sb.issuer}${UNUSUAL.token}`);
    expect(doc.backchannel_authentication_endpoint).toBe(`${sb.issuer}${UNUSUAL.backchannel_authentication}`);
    expect(doc.userinfo_endpoint).toBe(`${sb.issuer}${UNUSUAL.userinfo}`);
    const keycloak = await sb.fetch(`${sb.issuer}${PSC_ROUTES.token}`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token' }) });
    expect(keycloak.status).toBe(404);
    expect(psc.issuer).toBe(sb.issuer);
    expect(psc.supportsCiba).toBe(true);
  });

  it('CIBA, refresh, userinfo and revocation go where discovery says', async () => {
    const handle = await psc.startCiba({ idNat: ALICE.idNat, channel: 'MOBILE' });
    const all = (await (await sb.control('/ciba/pending')).json()) as Array<{ auth_req_id: string; login_hint: string; binding_message: string }>;
    const mine = all.filter((p) => p.login_hint === ALICE.idNat && p.binding_message === handle.bindingMessage);
    expect((await sb.control('/ciba/approve', { authReqId: mine.at(-1)!.auth_req_id })).status).toBe(200);
    const outcome = await handle.outcome;
    expect(outcome.kind).toBe('approved');
    if (outcome.kind !== 'approved') return;
    expect(outcome.tokens.identity.idNat).toBe(ALICE.idNat);
    // Introspection at the provider's own route (the URL Dovecot is given is built the same way).
    expect(sb.urls.pscIntrospection.endsWith(UNUSUAL.introspection)).toBe(true);
    expect(await sb.introspect(outcome.tokens.accessToken)).toMatchObject({ active: true, sub: ALICE.idNat });

    const refreshed = await psc.refresh(outcome.tokens.refreshToken!);
    expect(refreshed.accessToken).not.toBe(outcome.tokens.accessToken);
    expect(await psc.userinfo(refreshed.accessToken, ALICE.idNat)).toMatchObject({ sub: ALICE.idNat });

    await psc.revoke(refreshed.refreshToken!);
    const err = await psc.refresh(refreshed.refreshToken!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PscError);
  });

  it('authorization code + PKCE uses the announced authorization endpoint', async () => {
    const handle = await psc.startAuthorizationCode();
    expect(new URL(handle.authorizationUrl).pathname).toBe(new URL(`${sb.issuer}${UNUSUAL.authorization}`).pathname);
    const { callbackStatus } = await loginInBrowser(sb.fetch, handle.authorizationUrl, CLAIRE.idNat, 'ecps');
    expect(callbackStatus).toBe(200);
    const tokens = await handle.waitForCallback();
    expect(tokens.identity.idNat).toBe(CLAIRE.idNat);
  });
});
