// SessionManager against a real sandbox PSC (ephemeral ports, 8-second access tokens so refresh
// scheduling can be observed) and the real OS keychain (keytar on a private gnome-keyring).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PscClient, PscError } from '../../../main/auth/psc';
import { SessionError, SessionManager, type SessionState } from '../../../main/auth/session';
import { KeytarSecretStore, SECRET_SERVICE, SecretAccounts } from '../../../main/secrets';
import { PEOPLE } from '../../../sandbox/config';
import { startTestSandbox, type TestSandbox } from '../psc/helpers';
import { approveCiba, loginInBrowser, MemoryAuditSink, pscSettings } from './helpers';
import { haveKeyringTools, startPrivateKeyring, type PrivateKeyring } from './private-keyring';

const ALICE = PEOPLE[0]!;
const BOB = PEOPLE[1]!;
const CLAIRE = PEOPLE[2]!;
const TTL = 8;

let sb: TestSandbox;
let psc: PscClient;
let keyring: PrivateKeyring;
let secrets: KeytarSecretStore;
const sessions: SessionManager[] = [];

beforeAll(async () => {
  keyring = await startPrivateKeyring();
  secrets = new KeytarSecretStore({ timeoutMs: 5000 });
  sb = await startTestSandbox({ cibaIntervalSeconds: 1, accessTokenTtlSeconds: TTL });
  psc = await PscClient.connect(pscSettings(sb.issuer));
});
afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
});
afterAll(async () => {
  await sb?.close();
  keyring?.stop();
});

function newSession(audit = new MemoryAuditSink()) {
  const session = new SessionManager({ psc, secrets, audit });
  sessions.push(session);
  const states: SessionState[] = [];
  session.onSessionChanged((s) => states.push(s));
  return { session, audit, states };
}

const control = (path: string, body?: Record<string, unknown>) => sb.control(path, body);

async function cibaLogin(session: SessionManager, idNat: string) {
  const login = await session.loginWithCiba({ idNat, channel: 'MOBILE' });
  await approveCiba(control, idNat, login.bindingMessage);
  expect(await login.done).toBe('approved');
  return login;
}

const stored = (idNat: string) => secrets.get(SECRET_SERVICE, SecretAccounts.refreshToken(idNat));

describe.skipIf(!haveKeyringTools())('SessionManager (real PSC, real keychain)', () => {
  it('CIBA login: authenticating → active, refresh token in the keychain, no token in state or audit', async () => {
    const { session, audit, states } = newSession();
    const login = await session.loginWithCiba({ idNat: CLAIRE.idNat, channel: 'MOBILE' });
    expect(login.bindingMessage).toMatch(/^\d{2}$/);
    expect(session.current).toMatchObject({ status: 'authenticating', method: 'ciba-mobile', idNat: CLAIRE.idNat });
    await approveCiba(control, CLAIRE.idNat, login.bindingMessage);
    expect(await login.done).toBe('approved');

    expect(session.current).toMatchObject({ status: 'active', method: 'ciba-mobile', persisted: true, identity: { idNat: CLAIRE.idNat, givenName: 'Claire', familyName: 'PETIT' } });
    expect(states.map((s) => s.status)).toEqual(['authenticating', 'active']);
    const token = await session.getAccessToken();
    expect(await sb.introspect(token)).toMatchObject({ active: true, sub: CLAIRE.idNat });
    const rt = await stored(CLAIRE.idNat);
    expect(rt).toBeTruthy();
    const everything = JSON.stringify({ states, audit: audit.events });
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(rt!);
    expect(audit.events).toEqual([expect.objectContaining({ action: 'login', result: 'success', method: 'ciba-mobile', idNat: CLAIRE.idNat })]);
  });

  it('CIBA denied: back to loggedOut, login-failed audited', async () => {
    const { session, audit } = newSession();
    const login = await session.loginWithCiba({ idNat: BOB.idNat, channel: 'CARD' });
    await approveCiba(control, BOB.idNat, login.bindingMessage, 'deny');
    expect(await login.done).toBe('denied');
    expect(session.current.status).toBe('loggedOut');
    expect(audit.events).toEqual([expect.objectContaining({ action: 'login-failed', method: 'ciba-card', result: 'failure', detail: 'denied' })]);
    await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'not-logged-in' });
  });

  it('refreshes ahead of expiry on its own and rotates the stored refresh token', async () => {
    const { session } = newSession();
    await cibaLogin(session, ALICE.idNat);
    const first = await session.getAccessToken();
    const rt1 = await stored(ALICE.idNat);
    const exp1 = (session.current as Extract<SessionState, { status: 'active' }>).accessTokenExpiresAt;
    await new Promise((r) => setTimeout(r, TTL * 1000 * 0.8 + 1500));
    const s = session.current as Extract<SessionState, { status: 'active' }>;
    expect(s.status).toBe('active');
    expect(s.accessTokenExpiresAt).toBeGreaterThan(exp1);
    const second = await session.getAccessToken();
    expect(second).not.toBe(first);
    expect(await sb.introspect(second)).toMatchObject({ active: true });
    expect(await stored(ALICE.idNat)).not.toBe(rt1);
  });

  it('concurrent callers share one refresh', async () => {
    const { session } = newSession();
    await cibaLogin(session, CLAIRE.idNat);
    const before = await session.getAccessToken();
    const tokens = await Promise.all(Array.from({ length: 6 }, () => session.getAccessToken({ forceRefresh: true })));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(before);
    expect(await sb.introspect(tokens[0]!)).toMatchObject({ active: true });
  });

  it('resume at start: a new SessionManager logs in silently from the keychain', async () => {
    const { session } = newSession();
    await cibaLogin(session, BOB.idNat);
    session.dispose(); // app quits: tokens in memory are gone, the keychain keeps the refresh token
    const restarted = newSession();
    expect(await restarted.session.resumableIdNats()).toContain(BOB.idNat);
    expect(await restarted.session.resume(BOB.idNat)).toBe('active');
    expect(restarted.session.current).toMatchObject({ status: 'active', method: 'resume', identity: { idNat: BOB.idNat, familyName: 'DURAND' } });
    expect(await sb.introspect(await restarted.session.getAccessToken())).toMatchObject({ active: true, sub: BOB.idNat });
    expect(restarted.audit.events[0]).toMatchObject({ action: 'login', method: 'resume', result: 'success' });
  });

  it('resume with a refresh token PSC no longer accepts: expired, keychain entry removed', async () => {
    const { session } = newSession();
    await cibaLogin(session, BOB.idNat);
    session.dispose();
    await control('/revoke', { idNat: BOB.idNat });
    const restarted = newSession();
    expect(await restarted.session.resume(BOB.idNat)).toBe('expired');
    expect(restarted.session.current).toMatchObject({ status: 'expired', idNat: BOB.idNat, message: 'Votre session Pro Santé Connect a expiré : reconnectez-vous.' });
    expect(await stored(BOB.idNat)).toBeNull();
    expect(await restarted.session.resume(BOB.idNat)).toBe('none');
  });

  it('revoked at PSC mid-session: the next refresh ends the session (expired), audited', async () => {
    const { session, audit } = newSession();
    await cibaLogin(session, CLAIRE.idNat);
    await control('/revoke', { idNat: CLAIRE.idNat });
    const err = await session.getAccessToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as SessionError).code).toBe('expired');
    expect(session.current).toMatchObject({ status: 'expired', idNat: CLAIRE.idNat });
    expect(await stored(CLAIRE.idNat)).toBeNull();
    expect(audit.events.at(-1)).toMatchObject({ action: 'refresh-failed', result: 'failure', detail: 'refresh-refused' });
  });

  it('lock (card removed) drops the access token; only the same person unlocks', async () => {
    const { session, audit } = newSession();
    await cibaLogin(session, ALICE.idNat);
    const before = await session.getAccessToken();
    session.lock('card-removed');
    expect(session.current).toMatchObject({ status: 'locked', reason: 'card-removed', identity: { idNat: ALICE.idNat } });
    await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'locked' });
    await expect(session.unlockWithVerifiedCard(BOB.idNat)).rejects.toMatchObject({ code: 'wrong-person' });
    expect(session.current.status).toBe('locked');
    const state = await session.unlockWithVerifiedCard(ALICE.idNat);
    expect(state.status).toBe('active');
    const after = await session.getAccessToken();
    expect(after).not.toBe(before);
    expect(audit.actions()).toEqual(['login:success', 'lock:success', 'unlock:failure', 'unlock:success']);
  });

  it('locked: re-authenticating with the login window as another person is refused, as the same person unlocks', async () => {
    const { session, audit } = newSession();
    await cibaLogin(session, ALICE.idNat);
    session.lock('user');

    const other = await session.loginWithAuthorizationCode({ loginHint: CLAIRE.idNat });
    await loginInBrowser(sb.fetch, other.authorizationUrl, CLAIRE.idNat, 'ecps');
    await expect(other.waitForCallback()).rejects.toMatchObject({ code: 'wrong-person' });
    expect(session.current).toMatchObject({ status: 'locked', identity: { idNat: ALICE.idNat } });

    const same = await session.loginWithAuthorizationCode();
    expect(new URL(same.authorizationUrl).searchParams.get('login_hint')).toBe(ALICE.idNat);
    await loginInBrowser(sb.fetch, same.authorizationUrl, ALICE.idNat, 'card');
    const state = await same.waitForCallback();
    expect(state).toMatchObject({ status: 'active', method: 'authorization-code', identity: { idNat: ALICE.idNat, authMode: 'CARD' } });
    expect(audit.actions()).toEqual(['login:success', 'lock:success', 'unlock:failure', 'unlock:success']);
  });

  it('a login cancelled, or abandoned by a new lock, returns to the state it started from', async () => {
    const { session, audit } = newSession();
    const first = await session.loginWithCiba({ idNat: ALICE.idNat, channel: 'CARD' });
    first.cancel();
    expect(await first.done).toBe('cancelled');
    expect(session.current.status).toBe('loggedOut');

    await cibaLogin(session, ALICE.idNat);
    session.lock('card-removed');
    const reauth = await session.loginWithCiba({ idNat: ALICE.idNat, channel: 'CARD' });
    expect(session.current.status).toBe('authenticating');
    session.lock('card-removed'); // card pulled again while the re-authentication is pending
    expect(await reauth.done).toBe('cancelled');
    expect(session.current).toMatchObject({ status: 'locked', identity: { idNat: ALICE.idNat } });
    expect(audit.actions()).toEqual(['login-failed:failure', 'login:success', 'lock:success', 'login-failed:failure']);
  });

  it('logout revokes the refresh token at PSC and clears the keychain', async () => {
    const { session, audit } = newSession();
    await cibaLogin(session, CLAIRE.idNat);
    const rt = (await stored(CLAIRE.idNat))!;
    await session.logout();
    expect(session.current).toEqual({ status: 'loggedOut' });
    expect(await stored(CLAIRE.idNat)).toBeNull();
    const err = await psc.refresh(rt).catch((e: unknown) => e);
    expect((err as PscError).code).toBe('refresh-refused');
    expect(audit.events.at(-1)).toMatchObject({ action: 'logout', result: 'success', idNat: CLAIRE.idNat });
    expect(audit.events.at(-1)!.detail).toBeUndefined();
  });
});
