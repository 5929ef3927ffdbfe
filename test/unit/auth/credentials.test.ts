import { describe, expect, it } from 'vitest';
import {
  classifyAuthRefusal,
  createCredentialsProvider,
  decodeSaslErrorChallenge,
  forceXoauth2,
  MailAuthError,
  oauthBearerInitialResponse,
  withTokenRetry,
  xoauth2InitialResponse,
  xoauth2Raw,
  type AccessTokenSource,
} from '../../../main/auth/credentials';
import { SessionError } from '../../../main/auth/session/errors';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('SASL initial responses', () => {
  it('XOAUTH2 is user=<BAL>^Aauth=Bearer <token>^A^A', () => {
    expect(xoauth2Raw('alice.martin@test.mssante.fr', 'tok')).toBe('user=alice.martin@test.mssante.fr\x01auth=Bearer tok\x01\x01');
    expect(xoauth2InitialResponse('a@b.fr', 'tok')).toBe(b64('user=a@b.fr\x01auth=Bearer tok\x01\x01'));
  });
  it('OAUTHBEARER carries the GS2 header, the real host and port', () => {
    expect(Buffer.from(oauthBearerInitialResponse('a,b=c@d.fr', 'tok', 'imap.d.fr', 143), 'base64').toString()).toBe(
      'n,a=a=2Cb=3Dc@d.fr,\x01host=imap.d.fr\x01port=143\x01auth=Bearer tok\x01\x01',
    );
  });
});

describe('forceXoauth2', () => {
  it('hides OAUTHBEARER from capability maps assigned later, only when XOAUTH2 is there', () => {
    const client = { capabilities: new Map<string, unknown>() };
    forceXoauth2(client);
    client.capabilities = new Map([['AUTH=OAUTHBEARER', true], ['AUTH=XOAUTH2', true]]);
    expect([...client.capabilities.keys()]).toEqual(['AUTH=XOAUTH2']);
    client.capabilities = new Map([['AUTH=OAUTHBEARER', true]]);
    expect(client.capabilities.has('AUTH=OAUTHBEARER')).toBe(true);
  });
});

describe('classifyAuthRefusal', () => {
  it('IMAP NO [AUTHENTICATIONFAILED] as imapflow reports it', () => {
    expect(classifyAuthRefusal({ authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED', oauthError: { status: '401' } })).toEqual({ protocol: 'imap', status: '401' });
  });
  it('SMTP 535 and EAUTH on AUTH', () => {
    expect(classifyAuthRefusal({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Error: authentication failed', command: 'AUTH XOAUTH2' })).toEqual({ protocol: 'smtp' });
  });
  it("the operator's 334 + base64 JSON challenge, and the dropped connection after it", () => {
    const json = b64('{"status":"401","schemes":"bearer","scope":"mail"}');
    expect(classifyAuthRefusal({ code: 'EAUTH', response: `334 ${json}`, command: 'AUTH XOAUTH2' })).toEqual({ protocol: 'smtp', status: '401' });
    expect(classifyAuthRefusal({ code: 'ECONNECTION', command: 'AUTH XOAUTH2' })).toEqual({ protocol: 'smtp' });
    expect(decodeSaslErrorChallenge(json)).toEqual({ status: '401', schemes: 'bearer', scope: 'mail' });
    expect(decodeSaslErrorChallenge('not base64 json')).toBeNull();
  });
  it('network and other errors are not refusals', () => {
    expect(classifyAuthRefusal(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBeNull();
    expect(classifyAuthRefusal({ code: 'ECONNECTION', command: 'CONN' })).toBeNull();
    expect(classifyAuthRefusal({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' })).toBeNull();
    expect(classifyAuthRefusal(null)).toBeNull();
  });
});

/** Token source counting refreshes (pure logic of the retry rule; the real session is tested in integration). */
function tokenSource(opts: { refreshFails?: boolean } = {}) {
  let n = 1;
  let current: string | null = 'tok-1';
  const src: AccessTokenSource & { refreshes: number; invalidated: string[] } = {
    refreshes: 0,
    invalidated: [],
    async getAccessToken(o = {}) {
      if (o.forceRefresh || !current) {
        if (opts.refreshFails) throw new SessionError('expired');
        src.refreshes += 1;
        current = `tok-${++n}`;
      }
      return current;
    },
    invalidateAccessToken(t) {
      src.invalidated.push(t);
      if (current === t) current = null;
    },
  };
  return src;
}

const refusal = () => Object.assign(new Error('Authentication failed'), { authenticationFailed: true });

describe('withTokenRetry', () => {
  it('passes the BAL as user and the token', async () => {
    const creds = createCredentialsProvider(tokenSource());
    expect(await withTokenRetry(creds, 'cabinet@test.mssante.fr', async (c) => c)).toEqual({ user: 'cabinet@test.mssante.fr', accessToken: 'tok-1' });
  });

  it('first refusal: drops the token, refreshes, retries once with the new token', async () => {
    const src = tokenSource();
    const used: string[] = [];
    const result = await withTokenRetry(createCredentialsProvider(src), 'a@b.fr', async (c) => {
      used.push(c.accessToken);
      if (used.length === 1) throw refusal();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(used).toEqual(['tok-1', 'tok-2']);
    expect([...new Set(src.invalidated)]).toEqual(['tok-1']);
    expect(src.refreshes).toBe(1);
  });

  it('second refusal with a fresh token: no right on this BAL (French message)', async () => {
    let attempts = 0;
    const err = await withTokenRetry(createCredentialsProvider(tokenSource()), 'bob.durand@test.mssante.fr', async () => {
      attempts += 1;
      throw refusal();
    }).catch((e: unknown) => e);
    expect(attempts).toBe(2);
    expect(err).toBeInstanceOf(MailAuthError);
    expect((err as MailAuthError).code).toBe('no-right');
    expect((err as MailAuthError).message).toMatch(/^Vous n'avez pas de droit sur cette boîte aux lettres/);
  });

  it('refresh refused: the session expired (French message)', async () => {
    const err = await withTokenRetry(createCredentialsProvider(tokenSource({ refreshFails: true })), 'a@b.fr', async () => {
      throw refusal();
    }).catch((e: unknown) => e);
    expect((err as MailAuthError).code).toBe('session-expired');
    expect((err as MailAuthError).message).toBe('Votre session Pro Santé Connect a expiré : reconnectez-vous.');
  });

  it('other errors are not retried', async () => {
    let attempts = 0;
    const err = await withTokenRetry(createCredentialsProvider(tokenSource()), 'a@b.fr', async () => {
      attempts += 1;
      throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    }).catch((e: unknown) => e);
    expect(attempts).toBe(1);
    expect((err as { code: string }).code).toBe('ECONNREFUSED');
  });
});

describe('createCredentialsProvider forceRefresh', () => {
  it('refreshes only when the token last given for that BAL is still the current one', async () => {
    const src = tokenSource();
    const creds = createCredentialsProvider(src);
    expect((await creds.getCredentials('a@b.fr')).accessToken).toBe('tok-1');
    expect((await creds.getCredentials('c@b.fr')).accessToken).toBe('tok-1');
    // a@b.fr refused: refresh → tok-2
    expect((await creds.getCredentials('a@b.fr', { forceRefresh: true })).accessToken).toBe('tok-2');
    // c@b.fr (refused with tok-1 too) gets tok-2 without another refresh
    expect((await creds.getCredentials('c@b.fr', { forceRefresh: true })).accessToken).toBe('tok-2');
    expect(src.refreshes).toBe(1);
  });
  it('a BAL never served before: forceRefresh really refreshes', async () => {
    const src = tokenSource();
    expect((await createCredentialsProvider(src).getCredentials('a@b.fr', { forceRefresh: true })).accessToken).toBe('tok-2');
    expect(src.refreshes).toBe(1);
  });
});
