// Source 3: https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml
import { fetchClientConfig } from './fetch-config';
import type { Source, SourceContext } from './source';

const urlOf = (ctx: SourceContext) => `https://${ctx.address.domain}/.well-known/autoconfig/mail/config-v1.1.xml`;

export const wellKnownSource: Source = {
  id: 'well-known',
  url: urlOf,
  run: (ctx) => fetchClientConfig(urlOf(ctx), ctx),
};
