// Source 2: https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=<address>
import { fetchClientConfig } from './fetch-config';
import type { Source, SourceContext } from './source';

const urlOf = (ctx: SourceContext) =>
  `https://autoconfig.${ctx.address.domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(ctx.address.address)}`;

export const autoconfigSubdomainSource: Source = {
  id: 'autoconfig-subdomain',
  url: urlOf,
  run: (ctx) => fetchClientConfig(urlOf(ctx), ctx),
};
