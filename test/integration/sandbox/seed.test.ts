// Seeded corpus: deterministic, French, with real IHE_XDM.zip packages, reports, hostile HTML.
import { simpleParser } from 'mailparser';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { BALS, DOMAIN } from '../../../sandbox/config';
import { plainImapClient } from '../../../sandbox/control';
import { generateBalSeed } from '../../../sandbox/seed/corpus';

function unzip(buf: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: Record<string, string> = {};
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out[e.fileName] = Buffer.concat(chunks).toString('utf8');
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('seed corpus', () => {
  it('is deterministic', () => {
    const bal = BALS[0]!;
    const anchor = new Date(Date.UTC(2026, 0, 15));
    const a = generateBalSeed(bal, { anchor });
    const b = generateBalSeed(bal, { anchor });
    expect(a.length).toBeGreaterThan(150);
    expect(a.map((m) => m.raw.toString('base64'))).toEqual(b.map((m) => m.raw.toString('base64')));
  });

  it('the seeded BAL holds an XDM message with a valid IHE_XDM.zip naming the patient INS', async () => {
    const c = await plainImapClient(`alice.martin@${DOMAIN}`);
    try {
      const found: Buffer[] = [];
      for (const folder of ['INBOX', 'Résultats labo', 'Courriers', 'Archive']) {
        const lock = await c.getMailboxLock(folder);
        try {
          const uids = await c.search({ subject: 'XDM/1.0/DDM+' }, { uid: true });
          if (uids && uids.length) {
            const m = await c.fetchOne(String(uids[0]), { source: true }, { uid: true });
            if (m && m.source) found.push(m.source);
          }
        } finally {
          lock.release();
        }
        if (found.length) break;
      }
      expect(found.length).toBe(1);
      const mail = await simpleParser(found[0]!);
      expect(mail.subject).toMatch(/^XDM\/1\.0\/DDM\+.+ \d{2}\/\d{2}\/\d{4}$/);
      const ins = String(mail.headers.get('x-mss-ins'));
      expect(ins).toBe('O');
      expect(String(mail.headers.get('x-mss-codecda'))).toMatch(/^\d+-\d$/);
      const zip = mail.attachments.find((a) => a.filename === 'IHE_XDM.zip');
      expect(zip).toBeTruthy();
      const files = await unzip(zip!.content);
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['README.TXT', 'INDEX.HTM', 'IHE_XDM/SUBSET01/METADATA.XML', 'IHE_XDM/SUBSET01/DOC0001.XML', 'IHE_XDM/SUBSET01/DOC0001.PDF']));
      const insValue = /value="(\d{15})\^\^\^&amp;1\.2\.250\.1\.213\.1\.4\.8&amp;ISO"/.exec(files['IHE_XDM/SUBSET01/METADATA.XML']!)?.[1];
      expect(insValue).toMatch(/^[12]\d{14}$/);
      expect(files['IHE_XDM/SUBSET01/DOC0001.XML']).toContain(`extension="${insValue}"`);
      expect(files['IHE_XDM/SUBSET01/DOC0001.PDF']!.startsWith('%PDF-1.4')).toBe(true);
    } finally {
      await c.logout();
    }
  });

  it('holds MDN and DSN reports, a remote-image message and a hostile HTML message', async () => {
    const c = await plainImapClient(`cabinet.saint-roch@${DOMAIN}`);
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        const mdn = await c.search({ header: { 'content-type': 'disposition-notification' } });
        const dsn = await c.search({ header: { 'content-type': 'delivery-status' } });
        const hostile = await c.search({ body: 'onerror' });
        const remote = await c.search({ body: 'tracker.example.invalid' });
        expect([mdn, dsn, hostile, remote].map((r) => (r ? r.length : 0)).every((n) => n >= 1)).toBe(true);
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
  });
});
