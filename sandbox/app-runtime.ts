// The app's runtime configuration for the sandbox operator (MSS_NET_CONFIG): trust the sandbox CA, resolve
// *.test.mssante.fr through the sandbox DNS, reach its https services on their high ports, use the
// sandbox PSC client registration and the CPS-like card reader. Product code reads it through
// main/config/runtime-config.ts; nothing of the sandbox is imported by product code.
import fs from 'node:fs';
import path from 'node:path';
import { TRUST_LIST_CHECKSUM_PATH, TRUST_LIST_PATH } from './web/trust-list';
import { DOMAIN, PATHS, PORTS, PSC_CLIENT, PSC_CONTROL_URL, SANDBOX_DIR, SOFTHSM_MODULE } from './config';

export const APP_RUNTIME_FILE = path.join(SANDBOX_DIR, 'app-runtime.json');

export function appRuntimeConfig() {
  const shim = path.join(PATHS.card, 'lib', 'libcps-sim-pkcs11.so');
  return {
    testMode: true,
    extraCaFiles: [PATHS.caCert],
    // The sandbox certificates name no CRL distribution point: the CA's CRL is given as a file.
    crlFiles: [PATHS.caCrl],
    dnsServers: [`127.0.0.1:${PORTS.dns}`],
    hostPortMap: { [`autoconfig.${DOMAIN}`]: PORTS.web, [DOMAIN]: PORTS.web },
    pscClient: { clientId: PSC_CLIENT.clientId, clientSecret: PSC_CLIENT.clientSecret },
    cardModule: fs.existsSync(shim) ? shim : SOFTHSM_MODULE,
    cardEnv: { SOFTHSM2_CONF: path.join(PATHS.card, 'softhsm2.conf') },
    cardCibaProofUrl: `${PSC_CONTROL_URL}/ciba/card-proof`,
    // The sandbox's trust list (ANS's shape, missing closing tag included) and its published SHA-256.
    trustList: { url: `https://${DOMAIN}${TRUST_LIST_PATH}`, checksumUrl: `https://${DOMAIN}${TRUST_LIST_CHECKSUM_PATH}` },
    // The FHIR fixture accepts any non-empty key.
    directory: { url: `https://localhost:${PORTS.fhir}/fhir/v2`, apiKey: 'sandbox-annuaire-key' },
  };
}

export function writeAppRuntimeConfig(file = APP_RUNTIME_FILE): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(appRuntimeConfig(), null, 2) + '\n');
  return file;
}
