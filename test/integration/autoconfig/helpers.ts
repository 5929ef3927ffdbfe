import fs from 'node:fs';
import { DOMAIN, PATHS, PORTS } from '../../../sandbox/config';
import type { DiscoveryOptions } from '../../../main/autoconfig/types';

/** Options that reach the sandbox operator: its CA, its DNS, its high ports. */
export function sandboxOptions(extra: Partial<DiscoveryOptions> = {}): DiscoveryOptions {
  return {
    testMode: true,
    extraCa: [fs.readFileSync(PATHS.caCert)],
    dnsServers: [`127.0.0.1:${PORTS.dns}`],
    hostPortMap: { [`autoconfig.${DOMAIN}`]: PORTS.web, [DOMAIN]: PORTS.web },
    timeoutMs: 5000,
    ...extra,
  };
}

export const AUTOCONFIG_URL = `https://localhost:${PORTS.web}/mail/config-v1.1.xml?emailaddress=%EMAILADDRESS%`;
