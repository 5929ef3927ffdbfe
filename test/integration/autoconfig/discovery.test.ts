// Discovery against the sandbox operator: its https autoconfig endpoint (both URL forms) and its DNS SRV data.
import { describe, expect, it } from 'vitest';
import { BALS, CONNECTION_CAP, DOMAIN, PORTS, PSC_CLIENT, PSC_ISSUER } from '../../../sandbox/config';
import { discover } from '../../../main/autoconfig/discover';
import { fetchHttps } from '../../../main/autoconfig/fetch-https';
import { lookupSrv } from '../../../main/autoconfig/srv';
import { AccountConfigSchema } from '../../../main/autoconfig/types';
import { AUTOCONFIG_URL, sandboxOptions } from './helpers';

const SECRETARY_BAL = BALS.find((b) => b.type === 'CAB')!.address;

describe('discovery against the sandbox operator', () => {
  it('reads the autoconfig document from an explicit URL', async () => {
    const r = await discover(SECRETARY_BAL, sandboxOptions({ explicitUrl: AUTOCONFIG_URL }));
    expect(r.source).toBe('explicit-url');
    expect(r.url).toBe(`https://localhost:${PORTS.web}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(SECRETARY_BAL)}`);
    expect(r.trusted).toBe(true);
    expect(r.warnings).toEqual([]);
    const c = r.config;
    expect(c.imap).toMatchObject({ port: PORTS.imap, security: 'starttls', username: SECRETARY_BAL, auth: 'oauth2' });
    expect(c.smtp).toMatchObject({ port: PORTS.submission, security: 'starttls', username: SECRETARY_BAL, auth: 'oauth2' });
    expect(c.psc).toMatchObject({ issuer: PSC_ISSUER, clientId: PSC_CLIENT.clientId, flows: ['ciba-card', 'ciba-mobile', 'authorization-code'] });
    expect(c.certificateAuth).toMatchObject({ port: PORTS.imapCert, security: 'tls', mechanism: 'EXTERNAL' });
    expect(c.balListingUrl).toMatch(/^https:\/\//);
    expect(c.cguUrl).toMatch(/^https:\/\//);
    expect(c.connectionCap).toBe(CONNECTION_CAP);
    expect(c.nilRequired).toBe(true);
    expect(AccountConfigSchema.parse(c)).toEqual(c);
  });

  it('finds it at https://autoconfig.<domain>/mail/config-v1.1.xml (sandbox DNS + port map)', async () => {
    const r = await discover(SECRETARY_BAL, sandboxOptions());
    expect(r.source).toBe('autoconfig-subdomain');
    expect(r.url).toContain(`https://autoconfig.${DOMAIN}/mail/config-v1.1.xml?emailaddress=`);
    expect(r.config.imap.port).toBe(PORTS.imap);
  });

  it('serves the same document at https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml', async () => {
    const a = await fetchHttps(`https://${DOMAIN}/.well-known/autoconfig/mail/config-v1.1.xml`, sandboxOptions());
    const b = await fetchHttps(`https://autoconfig.${DOMAIN}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(SECRETARY_BAL)}`, sandboxOptions());
    expect(a.body.toString()).toBe(b.body.toString());
  });

  it('publishes RFC 6186/8314 SRV records', async () => {
    const srv = await lookupSrv(DOMAIN, sandboxOptions());
    const ports = (list: typeof srv.imapAll) => list.map((e) => `${e.port}/${e.security}`).sort();
    expect(ports(srv.imapAll)).toEqual(expect.arrayContaining([`${PORTS.imap}/starttls`]));
    expect(ports(srv.smtpAll)).toEqual(expect.arrayContaining([`${PORTS.submission}/starttls`]));
  });

  it('refuses the sandbox outside test mode (loopback) and without its CA', async () => {
    await expect(discover(SECRETARY_BAL, sandboxOptions({ testMode: false, explicitUrl: AUTOCONFIG_URL, knownOperators: [] })))
      .rejects.toMatchObject({ code: 'no-config-found' });
    try {
      await discover(SECRETARY_BAL, sandboxOptions({ explicitUrl: AUTOCONFIG_URL, extraCa: [], knownOperators: [] }));
    } catch (e) {
      const tried = (e as { details: { tried: Array<{ source: string; code?: string }> } }).details.tried;
      expect(tried.find((t) => t.source === 'explicit-url')?.code).toBe('tls-error');
      return;
    }
    // SRV needs no certificate: acceptable only if the document sources all failed on TLS.
    const r = await discover(SECRETARY_BAL, sandboxOptions({ explicitUrl: AUTOCONFIG_URL, extraCa: [], knownOperators: [] }));
    expect(r.source).toBe('dns-srv');
    expect(r.tried.find((t) => t.source === 'explicit-url')?.code).toBe('tls-error');
  });
});
