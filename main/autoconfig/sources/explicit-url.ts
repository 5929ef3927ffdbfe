// Source 1: the URL the user pasted, then the administrator's policy URL.
import { AutoconfigError } from '../errors';
import { expandPlaceholders } from '../placeholders';
import { fetchClientConfig } from './fetch-config';
import type { Source } from './source';

export const explicitUrlSource: Source = {
  id: 'explicit-url',
  url: (ctx) => ctx.opts.explicitUrl ?? ctx.opts.policyUrl,
  async run(ctx) {
    const urls = [ctx.opts.explicitUrl, ctx.opts.policyUrl].filter((u): u is string => !!u?.trim());
    if (!urls.length) throw new AutoconfigError('not-applicable', 'Aucune adresse de configuration fournie.');
    let last: unknown;
    for (const u of urls) {
      try {
        return await fetchClientConfig(expandPlaceholders(u.trim(), ctx.address, true), ctx);
      } catch (e) {
        last = e;
        if (ctx.opts.signal?.aborted) break;
      }
    }
    throw last;
  },
};
