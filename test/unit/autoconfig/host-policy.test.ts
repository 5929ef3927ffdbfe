// One host policy for every discovery source and every connection: the servers of a configuration must
// be under the BAL's domain or the operator's known domains, else the user confirms each host by name.
import { describe, expect, it } from 'vitest';
import { assertConfigHosts, outsideHosts } from '../../../main/autoconfig/host-policy';
import type { KnownOperator } from '../../../main/autoconfig/known-operators';
import type { AccountConfig } from '../../../main/autoconfig/types';

const server = (host: string, port = 143) => ({ host, port, security: 'starttls' as const, username: 'a@cab.mssante.fr', auth: 'oauth2' as const });
const config = (imap: string, smtp = imap, extra: Partial<AccountConfig> = {}): AccountConfig =>
  ({ address: 'a@cab.mssante.fr', imap: server(imap), smtp: server(smtp, 587), connectionCap: 10, ...extra });

const OPERATOR: KnownOperator = {
  id: 'op', name: 'Op', verified: true, domains: ['medecin.mssante.fr'], serverDomains: ['mssante.fr'],
  imap: server('imap.mssante.fr'), smtp: server('smtp.mssante.fr', 587),
};
const ctx = { testMode: false, knownOperators: [OPERATOR] };

describe('host policy', () => {
  it('accepts servers under the BAL domain', () => {
    expect(outsideHosts(config('imap.cab.mssante.fr', 'cab.mssante.fr'), ctx)).toEqual([]);
  });

  it('flags a host outside the BAL domain, whatever look-alike it uses', () => {
    expect(outsideHosts(config('imap.evil.example', 'smtp.cab.mssante.fr'), ctx)).toEqual(['imap.evil.example']);
    expect(outsideHosts(config('evilcab.mssante.fr'), ctx)).toEqual(['evilcab.mssante.fr']);
    expect(outsideHosts(config('cab.mssante.fr.evil.example'), ctx)).toEqual(['cab.mssante.fr.evil.example']);
    const cert = config('imap.cab.mssante.fr', 'imap.cab.mssante.fr', { certificateAuth: { host: 'cert.other.fr', port: 993, security: 'tls', mechanism: 'EXTERNAL' } });
    expect(outsideHosts(cert, ctx)).toEqual(['cert.other.fr']);
  });

  it("accepts the known operator's server domains for its BAL domains only", () => {
    const med = { ...config('imap.mssante.fr', 'smtp.mssante.fr'), address: 'a@medecin.mssante.fr' };
    expect(outsideHosts(med, ctx)).toEqual([]);
    expect(outsideHosts(config('imap.mssante.fr'), ctx)).toEqual(['imap.mssante.fr']);
  });

  it('accepts loopback addresses in test mode only (the sandbox)', () => {
    expect(outsideHosts(config('127.0.0.1'), { ...ctx, testMode: true })).toEqual([]);
    expect(outsideHosts(config('127.0.0.1'), ctx)).toEqual(['127.0.0.1']);
    expect(outsideHosts(config('imap.evil.example'), { ...ctx, testMode: true })).toEqual(['imap.evil.example']);
  });

  it('refuses at connection time a host that was not confirmed by name, in French', () => {
    expect(() => assertConfigHosts(config('imap.evil.example'), 'imap.evil.example', ctx)).toThrow(/imap\.evil\.example.*cab\.mssante\.fr/s);
    expect(() => assertConfigHosts(config('imap.evil.example'), 'imap.evil.example', ctx)).toThrow(expect.objectContaining({ code: 'server-outside-domain' }));
    const confirmed = config('imap.evil.example', 'imap.cab.mssante.fr', { confirmedHosts: ['imap.evil.example'] });
    expect(() => assertConfigHosts(confirmed, 'imap.evil.example', ctx)).not.toThrow();
    expect(() => assertConfigHosts(confirmed, 'IMAP.Evil.Example.', ctx)).not.toThrow();
    expect(() => assertConfigHosts(confirmed, 'other.evil.example', ctx)).toThrow(/other\.evil\.example/);
    expect(() => assertConfigHosts(config('imap.cab.mssante.fr'), 'imap.cab.mssante.fr', ctx)).not.toThrow();
  });
});
