// Source 4: DNS SRV records (RFC 6186 / 8314). Gives servers only: authentication defaults to PSC (XOAUTH2).
import { AutoconfigError } from '../errors';
import { defaultPsc } from '../parse-client-config';
import { lookupSrv, type SrvEndpoint } from '../srv';
import { AccountConfigSchema, type Warning } from '../types';
import type { Source } from './source';

export const dnsSrvSource: Source = {
  id: 'dns-srv',
  async run(ctx) {
    const { domain, address } = ctx.address;
    const found = await lookupSrv(domain, ctx.opts);
    if (!found.imap || !found.smtp) {
      const missing = [!found.imap && 'IMAP (_imap._tcp / _imaps._tcp)', !found.smtp && 'envoi (_submission._tcp / _submissions._tcp)'].filter(Boolean);
      throw new AutoconfigError('no-srv-records', `Aucun enregistrement DNS SRV utilisable pour ${missing.join(' et ')} sur ${domain}.`);
    }
    const warnings: Warning[] = [
      { code: 'psc-default', message: 'Les enregistrements DNS ne précisent pas le service de connexion : Pro Santé Connect (production) est utilisé par défaut.' },
    ];
    const server = (e: SrvEndpoint) => ({ host: e.host, port: e.port, security: e.security, username: address, auth: 'oauth2' as const, authMethods: ['oauth2' as const] });
    const config = AccountConfigSchema.parse({ address, imap: server(found.imap), smtp: server(found.smtp), psc: defaultPsc(), connectionCap: 10 });
    return { config, warnings };
  },
};
