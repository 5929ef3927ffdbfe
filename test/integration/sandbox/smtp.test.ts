// SMTP side of the sandbox operator: submission with SASL through Dovecot (XOAUTH2 with a PSC token),
// the sender rule (a delegate may send as the BAL, not as another one), DSN on success and failure.
import { describe, expect, it } from 'vitest';
import { DOMAIN, GHOST_ADDRESS, PORTS } from '../../../sandbox/config';
import { injectMessage, plainImapClient } from '../../../sandbox/control';
import { balPassword, pscToken, smtpTransport, waitFor } from './helpers';

const ALICE_BAL = `alice.martin@${DOMAIN}`;
const CABINET_BAL = `cabinet.saint-roch@${DOMAIN}`;
const BOB_BAL = `bob.durand@${DOMAIN}`;
const CLAIRE = '810101234560';

const unique = (p: string) => `${p}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** Finds, among the last messages of a BAL's INBOX, one whose source contains `marker`. */
async function findInInbox(bal: string, marker: string, extra?: (src: string) => boolean): Promise<string> {
  return waitFor(async () => {
    const c = await plainImapClient(bal);
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        const total = c.mailbox ? c.mailbox.exists : 0;
        if (!total) return null;
        for await (const m of c.fetch(`${Math.max(1, total - 30)}:*`, { source: true })) {
          const src = m.source?.toString('utf8') ?? '';
          if (src.includes(marker) && (!extra || extra(src))) return src;
        }
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
    return null;
  }, 30_000, 500);
}

describe('submission', () => {
  it('a delegate sends as the BAL with XOAUTH2 (PSC token) and the mail is delivered', async () => {
    const t = smtpTransport({ user: ALICE_BAL, accessToken: await pscToken(CLAIRE) });
    const subject = unique('deleg-send');
    const info = await t.sendMail({ from: ALICE_BAL, to: CABINET_BAL, subject, text: 'Envoi par la secrétaire pour le Dr MARTIN.' });
    expect(info.accepted).toEqual([CABINET_BAL]);
    t.close();
    await findInInbox(CABINET_BAL, subject);
  });

  it('refuses MAIL FROM another BAL than the authenticated one (reject_sender_login_mismatch)', async () => {
    const t = smtpTransport({ user: ALICE_BAL, accessToken: await pscToken(CLAIRE) });
    await expect(t.sendMail({ from: BOB_BAL, to: CABINET_BAL, subject: 'usurpation', text: 'x' })).rejects.toMatchObject({
      responseCode: 553,
      response: expect.stringMatching(/not owned by user/i),
    });
    t.close();
  });

  it('refuses SASL with a token of a person not allowed on the BAL', async () => {
    const t = smtpTransport({ user: BOB_BAL, accessToken: await pscToken(CLAIRE) });
    await expect(t.verify()).rejects.toMatchObject({ code: 'EAUTH' });
    t.close();
  });

  it('implicit TLS submission (password) works and advertises the 50 MB limit', async () => {
    const t = smtpTransport({ port: PORTS.submissions, user: BOB_BAL, pass: balPassword(BOB_BAL) });
    expect(await t.verify()).toBe(true);
    t.close();
    const { default: net } = await import('node:net');
    const banner = await new Promise<string>((resolve, reject) => {
      const s = net.connect(PORTS.smtp, '127.0.0.1');
      let buf = '';
      s.on('data', (d) => {
        buf += d.toString();
        if (buf.startsWith('220') && !buf.includes('EHLO-SENT')) {
          buf += 'EHLO-SENT';
          s.write('EHLO test\r\n');
        }
        if (/\r\n250 /.test(buf)) {
          s.end('QUIT\r\n');
          resolve(buf);
        }
      });
      s.on('error', reject);
    });
    expect(banner).toMatch(/250-SIZE 52428800/);
  });
});

describe('DSN', () => {
  it('sends a SUCCESS DSN back to the BAL when asked (NOTIFY=SUCCESS)', async () => {
    const t = smtpTransport({ user: ALICE_BAL, pass: balPassword(ALICE_BAL) });
    const id = unique('dsn-ok');
    await t.sendMail({ from: ALICE_BAL, to: BOB_BAL, subject: id, text: 'DSN succès', dsn: { id, return: 'headers', notify: ['success', 'failure'], recipient: ALICE_BAL } });
    t.close();
    const report = await findInInbox(ALICE_BAL, id, (s) => /report-type=delivery-status/i.test(s));
    expect(report).toMatch(/Action: delivered/i);
  });

  it('sends a FAILURE DSN for an address Postfix accepts and Dovecot does not know', async () => {
    const t = smtpTransport({ user: ALICE_BAL, pass: balPassword(ALICE_BAL) });
    const id = unique('dsn-fail');
    const info = await t.sendMail({ from: ALICE_BAL, to: GHOST_ADDRESS, subject: id, text: 'DSN échec', dsn: { id, return: 'headers', notify: ['failure'], recipient: ALICE_BAL } });
    expect(info.accepted).toEqual([GHOST_ADDRESS]);
    t.close();
    const report = await findInInbox(ALICE_BAL, id, (s) => /report-type=delivery-status/i.test(s));
    expect(report).toMatch(/Action: failed/i);
    expect(report).toMatch(/Status: 5\.\d\.\d/);
  });

  it('injectMessage delivers through the unauthenticated MX-like port', async () => {
    const subject = unique('inject');
    await injectMessage(BOB_BAL, `From: ext@medecin.mssante.fr\r\nTo: ${BOB_BAL}\r\nSubject: ${subject}\r\n\r\nBonjour\r\n`, 'ext@medecin.mssante.fr');
    await findInInbox(BOB_BAL, subject);
  });
});
