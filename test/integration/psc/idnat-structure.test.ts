// Issue 19.4, token path: a person whose IdNat is a structure form with "/" (5 + SIRET / local id) logs
// in through the sandbox PSC by CIBA and by authorization code; the app's PSC client keeps the IdNat whole
// in the identity, the tokens (introspection) and userinfo. An unknown IdNat gets the message for every form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PscClient, PscError } from '../../../main/auth/psc';
import { STRUCTURE_PERSON_IDNAT } from '../../../sandbox/config';
import { loginInBrowser, pscSettings } from '../auth/helpers';
import { openLoginPage, postLogin, startTestSandbox, type TestSandbox } from './helpers';

let sb: TestSandbox;
let psc: PscClient;

beforeAll(async () => {
  sb = await startTestSandbox({ cibaIntervalSeconds: 1, cibaTtlSeconds: 30 });
  psc = await PscClient.connect(pscSettings(sb.issuer));
});
afterAll(async () => {
  await sb?.close();
});

describe('structure-form IdNat on the token path', () => {
  it('CIBA: login_hint, identity, introspection and userinfo carry 500000001815646/CPAT00045 unchanged', async () => {
    expect(STRUCTURE_PERSON_IDNAT).toBe('500000001815646/CPAT00045');
    const handle = await psc.startCiba({ idNat: STRUCTURE_PERSON_IDNAT, channel: 'MOBILE' });
    const all = (await (await sb.control('/ciba/pending')).json()) as Array<{ auth_req_id: string; login_hint: string; binding_message: string }>;
    const mine = all.filter((p) => p.login_hint === STRUCTURE_PERSON_IDNAT && p.binding_message === handle.bindingMessage);
    expect(mine).toHaveLength(1);
    expect((await sb.control('/ciba/approve', { authReqId: mine[0]!.auth_req_id })).status).toBe(200);
    const outcome = await handle.outcome;
    expect(outcome.kind).toBe('approved');
    if (outcome.kind !== 'approved') return;
    expect(outcome.tokens.identity).toMatchObject({ idNat: STRUCTURE_PERSON_IDNAT, sub: STRUCTURE_PERSON_IDNAT, givenName: 'Nadia', familyName: 'ROUX' });
    expect(outcome.tokens.identity.otherIds).toEqual([{ identifiant: '00000001815646/CPAT00045', origine: 'SIRET', qualite: 1 }]);
    expect(await sb.introspect(outcome.tokens.accessToken)).toMatchObject({ active: true, sub: STRUCTURE_PERSON_IDNAT });
    expect(await psc.userinfo(outcome.tokens.accessToken, STRUCTURE_PERSON_IDNAT)).toMatchObject({ SubjectNameID: STRUCTURE_PERSON_IDNAT });
  });

  it('authorization code: the IdNat typed on the login page comes back whole', async () => {
    const handle = await psc.startAuthorizationCode();
    const { callbackStatus } = await loginInBrowser(sb.fetch, handle.authorizationUrl, STRUCTURE_PERSON_IDNAT, 'ecps');
    expect(callbackStatus).toBe(200);
    const tokens = await handle.waitForCallback();
    expect(tokens.identity.idNat).toBe(STRUCTURE_PERSON_IDNAT);
  });

  it('an unknown structure IdNat: the app and the login page describe every form', async () => {
    const err = await psc.startCiba({ idNat: '500000001815646/CPAT99999', channel: 'MOBILE' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PscError);
    expect((err as PscError).code).toBe('unknown-user');
    expect((err as PscError).message).toContain('500000001815646/CPAT00045');
    expect((err as PscError).message).not.toMatch(/12 chiffres/);

    const auth = await psc.startAuthorizationCode();
    const { jar, action } = await openLoginPage(sb.fetch, new URL(auth.authorizationUrl));
    const res = await postLogin(sb.fetch, jar, action, '500000001815646/CPAT99999', 'ecps');
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Identifiant inconnu');
    expect(page).not.toMatch(/12 chiffres/);
    auth.cancel();
  });
});
