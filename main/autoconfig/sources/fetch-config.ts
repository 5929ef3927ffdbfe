// Fetch + parse of a clientConfig document (shared by the URL-based sources).
import { fetchHttps } from '../fetch-https';
import { parseClientConfig } from '../parse-client-config';
import type { SourceAnswer, SourceContext } from './source';

export async function fetchClientConfig(url: string, ctx: SourceContext): Promise<SourceAnswer> {
  const res = await fetchHttps(url, ctx.opts, { what: 'Configuration automatique' });
  const { config, warnings } = parseClientConfig(res.body, ctx.address.address, { testMode: ctx.opts.testMode });
  return { config, warnings, url: res.url };
}
