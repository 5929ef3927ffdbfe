// Discovery of a Pro Santé Connect issuer with openid-client. PSC publishes its metadata under a
// non-standard name (.well-known/wallet-openid-configuration); we try it first, then the standard name.
// Giving openid-client a full well-known URL skips its issuer check, so the issuer is compared here.
import * as oidc from 'openid-client';
import { createTrustedFetch } from '../../net/trusted-fetch';
import { PscError, toPscError } from './errors';
import type { PscSettings } from './types';

export const WALLET_DISCOVERY_NAME = '.well-known/wallet-openid-configuration';
export const STANDARD_DISCOVERY_NAME = '.well-known/openid-configuration';

export function discoveryUrls(settings: Pick<PscSettings, 'issuer' | 'discoveryUrl'>): string[] {
  const base = settings.issuer.replace(/\/+$/, '');
  return [...new Set([settings.discoveryUrl, `${base}/${WALLET_DISCOVERY_NAME}`, `${base}/${STANDARD_DISCOVERY_NAME}`].filter((u): u is string => !!u))];
}

function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

export interface DiscoveredPsc {
  config: oidc.Configuration;
  /** The discovery document actually used. */
  discoveryUrl: string;
}

export async function discoverPsc(settings: PscSettings): Promise<DiscoveredPsc> {
  const timeoutSeconds = settings.timeoutSeconds ?? 30;
  const fetchImpl = createTrustedFetch({ ...settings.trust, timeoutMs: timeoutSeconds * 1000 });
  const errors: PscError[] = [];
  for (const url of discoveryUrls(settings)) {
    let config: oidc.Configuration;
    try {
      config = await oidc.discovery(
        new URL(url),
        settings.clientId,
        { client_secret: settings.clientSecret },
        oidc.ClientSecretBasic(settings.clientSecret),
        { [oidc.customFetch]: fetchImpl as unknown as oidc.CustomFetch, timeout: timeoutSeconds },
      );
    } catch (err) {
      const mapped = toPscError(err, 'discovery-failed');
      // A certificate failure will not be cured by another document name of the same host.
      if (mapped.code === 'tls') throw mapped;
      errors.push(mapped);
      continue;
    }
    const issuer = config.serverMetadata().issuer;
    if (!sameIssuer(issuer, settings.issuer)) throw new PscError('issuer-mismatch');
    return { config, discoveryUrl: url };
  }
  const network = errors.find((e) => e.code === 'network');
  throw new PscError(network ? 'network' : 'discovery-failed', { cause: errors[0]?.cause });
}
