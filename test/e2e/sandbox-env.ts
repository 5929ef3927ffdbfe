// Environment of a browser host running against the sandbox operator.
import { APP_RUNTIME_FILE } from '../../sandbox/app-runtime';
import { PSC_CONTROL_URL, PATHS } from '../../sandbox/config';
import fs from 'node:fs';
import https from 'node:https';

export const sandboxHostEnv = (): Record<string, string> => ({ MSS_NET_CONFIG: APP_RUNTIME_FILE });

/** Calls a sandbox PSC control endpoint (the person's phone, an administrator) over verified TLS. */
export function pscControl(pathname: string, body: Record<string, string>): Promise<{ status: number; json: unknown }> {
  const ca = fs.readFileSync(PATHS.caCert);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(`${PSC_CONTROL_URL}${pathname}`, { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: data ? JSON.parse(data) : null }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
