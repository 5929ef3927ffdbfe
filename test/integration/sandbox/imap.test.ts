// IMAP side of the sandbox operator, seen from a client: TLS with CA verification, seeded mailboxes,
// password login, PSC token (XOAUTH2/OAUTHBEARER) with the delegation check, capabilities.
import { afterAll, describe, expect, it } from 'vitest';
import { DOMAIN, PORTS } from '../../../sandbox/config';
import { resetDelegations, setDelegation } from '../../../sandbox/control';
import { balPassword, expectLoginRefused, folderStatus, imapClient, pscToken, rawXoauth2 } from './helpers';

const ALICE_BAL = `alice.martin@${DOMAIN}`;
const BOB_BAL = `bob.durand@${DOMAIN}`;
const CABINET_BAL = `cabinet.saint-roch@${DOMAIN}`;
const CLAIRE = '810101234560'; // secretary, délégataire on alice/cabinet/accueil
const PAUL = '810005555555'; // no right on any BAL

afterAll(() => resetDelegations());

describe('IMAP TLS', () => {
  it('STARTTLS verifies the server certificate against the sandbox CA', async () => {
    const c = imapClient({ auth: { user: ALICE_BAL, pass: balPassword(ALICE_BAL) } });
    await c.connect();
    expect(c.secureConnection).toBe(true);
    await c.logout();
  });

  it('refuses the server certificate without the sandbox CA (no rejectUnauthorized:false anywhere)', async () => {
    const c = imapClient({ auth: { user: ALICE_BAL, pass: balPassword(ALICE_BAL) }, ca: null });
    await expect(c.connect()).rejects.toThrow(/certificate|self.signed|issuer/i);
  });

  it('implicit TLS port works too', async () => {
    const c = imapClient({ port: PORTS.imaps, auth: { user: ALICE_BAL, pass: balPassword(ALICE_BAL) } });
    await c.connect();
    await c.logout();
  });
});

describe('password login and seeded content', () => {
  it('advertises CONDSTORE, QRESYNC, IDLE, SPECIAL-USE and has the seeded folders', async () => {
    const c = imapClient({ auth: { user: ALICE_BAL, pass: balPassword(ALICE_BAL) } });
    await c.connect();
    for (const cap of ['CONDSTORE', 'QRESYNC', 'IDLE', 'SPECIAL-USE']) expect(c.capabilities.has(cap), cap).toBe(true);
    const boxes = await c.list();
    const byPath = Object.fromEntries(boxes.map((b) => [b.path, b.specialUse ?? '']));
    expect(byPath).toMatchObject({ INBOX: '\\Inbox', Sent: '\\Sent', Drafts: '\\Drafts', Trash: '\\Trash', Junk: '\\Junk', Archive: '\\Archive' });
    expect(Object.keys(byPath)).toEqual(expect.arrayContaining(['Résultats labo', 'Courriers']));
    const inbox = await folderStatus(c, 'INBOX', { messages: true, unseen: true, highestModseq: true });
    expect(inbox.messages).toBeGreaterThan(50);
    expect(inbox.unseen).toBeGreaterThan(0);
    const lock = await c.getMailboxLock('INBOX');
    try {
      const xdm = await c.search({ header: { 'x-mss-codecda': '' } });
      expect(Array.isArray(xdm) && xdm.length).toBeGreaterThan(0);
      const reports = await c.search({ header: { 'content-type': 'multipart/report' } });
      expect(Array.isArray(reports) && reports.length).toBeGreaterThanOrEqual(3);
      const threaded = await c.search({ header: { 'in-reply-to': '@' } });
      expect(Array.isArray(threaded) && threaded.length).toBeGreaterThan(0);
    } finally {
      lock.release();
    }
    await c.logout();
  });

  it('refuses a wrong password', async () => {
    const err = await expectLoginRefused(imapClient({ auth: { user: ALICE_BAL, pass: 'wrong' } }));
    expect(err.authenticationFailed).toBe(true);
  });
});

describe('PSC access token (XOAUTH2 / OAUTHBEARER) and delegation', () => {
  it('accepts a delegate (secretary) on a BAL she is délégataire of, with XOAUTH2', async () => {
    const token = await pscToken(CLAIRE);
    const c = imapClient({ auth: { user: ALICE_BAL, accessToken: token }, forceXOAUTH2: true });
    await c.connect();
    expect(c.authenticated).toBeTruthy();
    const st = await folderStatus(c, 'INBOX', { messages: true });
    expect(st.messages).toBeGreaterThan(0);
    await c.logout();
  });

  it('accepts OAUTHBEARER as well (cotitulaire on the cabinet BAL)', async () => {
    const c = imapClient({ port: PORTS.imaps, auth: { user: CABINET_BAL, accessToken: await pscToken('810009876543') } });
    await c.connect();
    await c.logout();
  });

  it('refuses a valid token on a BAL the person has no right on, with the server error', async () => {
    const err = await expectLoginRefused(imapClient({ auth: { user: BOB_BAL, accessToken: await pscToken(CLAIRE) }, forceXOAUTH2: true }));
    expect(err.authenticationFailed).toBe(true);
    expect(err.serverResponseCode).toBe('AUTHENTICATIONFAILED');
    const err2 = await expectLoginRefused(imapClient({ auth: { user: ALICE_BAL, accessToken: await pscToken(PAUL) }, forceXOAUTH2: true }));
    expect(err2.serverResponseCode).toBe('AUTHENTICATIONFAILED');
  });

  it('answers a refused XOAUTH2 with the JSON error challenge, then NO (as operators do)', async () => {
    const refused = await rawXoauth2(BOB_BAL, await pscToken(CLAIRE));
    expect(refused.challenge).toEqual({ status: '401', schemes: 'bearer', scope: 'mail' });
    expect(refused.final).toMatch(/^a1 NO \[AUTHENTICATIONFAILED\]/);
    const ok = await rawXoauth2(ALICE_BAL, await pscToken(CLAIRE));
    expect(ok.challenge).toBeNull();
    expect(ok.final).toMatch(/^a1 OK/);
  });

  it('refuses an unknown token and a BAL password used as a token', async () => {
    for (const bad of ['not-a-token', balPassword(ALICE_BAL)]) {
      const err = await expectLoginRefused(imapClient({ auth: { user: ALICE_BAL, accessToken: bad }, forceXOAUTH2: true }));
      expect(err.authenticationFailed).toBe(true);
    }
  });

  it('follows delegation changes at the next login (setDelegation)', async () => {
    const token = await pscToken(PAUL);
    await setDelegation(PAUL, BOB_BAL, 'délégataire');
    const c = imapClient({ auth: { user: BOB_BAL, accessToken: token }, forceXOAUTH2: true });
    await c.connect();
    await c.logout();
    await setDelegation(PAUL, BOB_BAL, null);
    const err = await expectLoginRefused(imapClient({ auth: { user: BOB_BAL, accessToken: token }, forceXOAUTH2: true }));
    expect(err.authenticationFailed).toBe(true);
  });

  it('refuses a token revoked at the provider', async () => {
    const token = await pscToken(PAUL);
    await setDelegation(PAUL, BOB_BAL, 'délégataire');
    const { pscControl } = await import('./helpers');
    await pscControl('/__sandbox/revoke', { idNat: PAUL });
    const err = await expectLoginRefused(imapClient({ auth: { user: BOB_BAL, accessToken: token }, forceXOAUTH2: true }));
    expect(err.authenticationFailed).toBe(true);
    await setDelegation(PAUL, BOB_BAL, null);
  });
});
