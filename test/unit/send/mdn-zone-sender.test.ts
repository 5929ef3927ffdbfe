// The read receipt's human part dates the original in the workstation's time zone; a delegate's receipt
// and message carry Sender (RFC 5322 §3.6.2), a titular's do not.
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMessage } from '../../../main/send/build-message';
import { buildMdn } from '../../../main/send/mdn-message';
import { senderOf } from '../../../main/send/sender-label';

const saved = process.env.TZ;
afterEach(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

const mdn = (sender?: { name: string | null; address: string } | null) => buildMdn({
  bal: 'cabinet.saint-roch@test.mssante.fr', fromLabel: 'Cabinet', sender, to: 'bob.durand@test.mssante.fr',
  originalMessageId: '<o1@test.mssante.fr>', originalSubject: 'Résultat', originalDate: Date.UTC(2026, 11, 7, 12, 0), mode: 'manual',
  nil: 'MessagerieMSSante/0.1', messageId: '<m1@test.mssante.fr>', date: new Date(),
});

describe('read receipt date and Sender', () => {
  it('dates the original in the system time zone', async () => {
    process.env.TZ = 'America/Cayenne';
    expect((await simpleParser(await mdn())).text).toContain('envoyé le 07/12/2026 09:00');
    process.env.TZ = 'Indian/Reunion';
    expect((await simpleParser(await mdn())).text).toContain('envoyé le 07/12/2026 16:00');
  });

  it('names the delegate in Sender, From staying the BAL', async () => {
    const claire = { givenName: 'Claire', familyName: 'PETIT' };
    const cabinet = { address: 'cabinet.saint-roch@test.mssante.fr', type: 'CAB' as const, role: 'délégataire' as const };
    const sender = senderOf(cabinet, claire, [cabinet]);
    expect(sender).toEqual({ name: 'Claire PETIT', address: 'cabinet.saint-roch@test.mssante.fr' });
    // A delegate who holds a PER BAL of her own is named at it.
    const own = { address: 'claire.petit@test.mssante.fr', type: 'PER' as const, role: 'titulaire' as const };
    expect(senderOf(cabinet, claire, [cabinet, own])).toEqual({ name: 'Claire PETIT', address: own.address });
    expect(senderOf({ ...cabinet, role: 'cotitulaire' }, claire, [cabinet])).toBeNull();

    const r = await simpleParser(await mdn(sender));
    expect(r.from?.value[0]?.address).toBe('cabinet.saint-roch@test.mssante.fr');
    expect(r.headers.get('sender')).toMatchObject({ value: [{ name: 'Claire PETIT', address: 'cabinet.saint-roch@test.mssante.fr' }] });
    expect((await simpleParser(await mdn(null))).headers.has('sender')).toBe(false);

    const base = {
      bal: 'cabinet.saint-roch@test.mssante.fr', fromLabel: 'Cabinet', to: [{ name: null, address: 'bob.durand@test.mssante.fr' }], cc: [],
      subject: 'S', html: '', text: 't', attachments: [], mssHeaders: {}, requestReadReceipt: false, messageId: '<x@test.mssante.fr>', date: new Date(),
    };
    const m = await simpleParser(await buildMessage({ ...base, sender }));
    expect(m.headers.get('sender')).toMatchObject({ value: [{ name: 'Claire PETIT', address: 'cabinet.saint-roch@test.mssante.fr' }] });
    expect((await simpleParser(await buildMessage(base))).headers.has('sender')).toBe(false);
  });
});
