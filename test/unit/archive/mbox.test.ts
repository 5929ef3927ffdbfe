import { describe, expect, it } from 'vitest';
import { asctime, mboxrdRecord, parseMboxrd, toMboxrd } from '../../../main/archive/mbox';

const msg = (body: string) => Buffer.from(`From: a@test.mssante.fr\r\nSubject: t\r\n\r\n${body}`);

describe('mboxrd export', () => {
  it('separator line: bare sender and asctime date in UTC', () => {
    const r = mboxrdRecord({ raw: msg('x\r\n'), sender: '<dr.a@test.mssante.fr>', date: Date.UTC(2026, 0, 5, 9, 3, 0) });
    expect(r.toString('latin1').split('\n')[0]).toBe('From dr.a@test.mssante.fr Mon Jan  5 09:03:00 2026');
    expect(asctime(Date.UTC(2025, 11, 25, 23, 59, 9))).toBe('Thu Dec 25 23:59:09 2025');
    expect(mboxrdRecord({ raw: msg('x\r\n'), sender: null, date: 0 }).toString('latin1')).toMatch(/^From MAILER-DAEMON /);
  });

  it('quotes every /^>*From / line with one more ">" and nothing else', () => {
    const body = 'From here\r\n>From there\r\n>>From deep\r\nFromage\r\n from space\r\nFrom\r\n';
    const out = mboxrdRecord({ raw: msg(body), sender: 'a@b.fr', date: 0 }).toString('latin1');
    const lines = out.split('\n').slice(1);
    expect(lines).toContain('>From here\r');
    expect(lines).toContain('>>From there\r');
    expect(lines).toContain('>>>From deep\r');
    expect(lines).toContain('Fromage\r');
    expect(lines).toContain(' from space\r');
    expect(lines).toContain('From\r'); // no space after: not a separator, left alone
  });

  it('parses back into the same messages, byte for byte', () => {
    const raws = [
      msg('From the lab\r\n>From quoted\r\nbody\r\n'),
      Buffer.from('Subject: lf only\n\nFrom x\n\n\n'),
      msg('no final newline'),
      msg('\r\n'),
    ];
    const file = toMboxrd(raws.map((raw, i) => ({ raw, sender: 'x@y.fr', date: i * 1000 })));
    const back = parseMboxrd(file);
    expect(back).toHaveLength(4);
    expect(back[0]!.equals(raws[0]!)).toBe(true);
    expect(back[1]!.equals(raws[1]!)).toBe(true);
    expect(back[2]!.toString()).toBe(`${raws[2]!.toString()}\n`); // the writer ends every record with a newline
    expect(back[3]!.equals(raws[3]!)).toBe(true);
  });
});
