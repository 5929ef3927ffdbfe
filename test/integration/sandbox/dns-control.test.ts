// DNS SRV/A answers, operator actions (UIDVALIDITY reset), status shape.
import dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import { BALS, DOMAIN, PORTS, PSC_ISSUER } from '../../../sandbox/config';
import { plainImapClient, resetUidValidity, sandboxStatus } from '../../../sandbox/control';
import { folderStatus } from './helpers';

describe('DNS server', () => {
  const resolver = new dns.promises.Resolver();
  resolver.setServers([`127.0.0.1:${PORTS.dns}`]);

  it('answers RFC 6186 / 8314 SRV records with the sandbox ports', async () => {
    expect(await resolver.resolveSrv(`_imap._tcp.${DOMAIN}`)).toEqual([expect.objectContaining({ name: `imap.${DOMAIN}`, port: PORTS.imap })]);
    expect(await resolver.resolveSrv(`_imaps._tcp.${DOMAIN}`)).toEqual([expect.objectContaining({ name: `imap.${DOMAIN}`, port: PORTS.imaps })]);
    expect(await resolver.resolveSrv(`_submission._tcp.${DOMAIN}`)).toEqual([expect.objectContaining({ name: `smtp.${DOMAIN}`, port: PORTS.submission })]);
    expect(await resolver.resolveSrv(`_submissions._tcp.${DOMAIN}`)).toEqual([expect.objectContaining({ name: `smtp.${DOMAIN}`, port: PORTS.submissions })]);
  });

  it('answers A records for the domain and its subdomains, NXDOMAIN elsewhere', async () => {
    expect(await resolver.resolve4(DOMAIN)).toEqual(['127.0.0.1']);
    expect(await resolver.resolve4(`autoconfig.${DOMAIN}`)).toEqual(['127.0.0.1']);
    await expect(resolver.resolve4('example.org')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolveSrv(`_imap._tcp.example.org`)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('operator actions', () => {
  it('resetUidValidity changes a folder UIDVALIDITY', async () => {
    const bal = `bob.durand@${DOMAIN}`;
    const c = await plainImapClient(bal);
    const before = (await folderStatus(c, 'Courriers', { uidValidity: true })).uidValidity;
    await c.logout();
    const next = await resetUidValidity(bal, 'Courriers');
    const c2 = await plainImapClient(bal);
    const after = (await folderStatus(c2, 'Courriers', { uidValidity: true })).uidValidity;
    await c2.logout();
    expect(after).not.toEqual(before);
    expect(Number(after)).toBe(next);
  });

  it('status describes endpoints, PSC, BALs, people and running services', async () => {
    const s = await sandboxStatus();
    expect(s.imap).toEqual({ host: '127.0.0.1', port: PORTS.imap, security: 'starttls' });
    expect(s.smtp.port).toBe(PORTS.submission);
    expect(s.psc.issuer).toBe(PSC_ISSUER);
    expect(s.bals.map((b) => b.address)).toEqual(BALS.map((b) => b.address));
    expect(s.running).toEqual({ dovecot: true, dovecotCert: true, postfix: true, dns: true, node: true });
  });
});
