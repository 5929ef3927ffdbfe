// Node request listener of the sandbox PSC: mounts oidc-provider under the issuer path, serves the
// PSC-specific discovery alias, the login pages and the /__sandbox/ controls.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PSC_CLIENT, PSC_INTROSPECTION_CLIENT } from '../config';
import { readBody, requestUrl, sendJson } from '../node/http-util';
import { handleControl } from './control';
import { handleInteraction } from './login-page';
import type { PscSandbox } from './provider';
import { WALLET_DISCOVERY } from './routes';

export { WALLET_DISCOVERY } from './routes';

const BASIC_ONLY_CLIENTS = new Set<string>([PSC_CLIENT.clientId, PSC_INTROSPECTION_CLIENT.clientId]);

/**
 * oidc-provider binds each client to one registered auth method; PSC accepts both secret styles.
 * A client_secret_post request of a sandbox client is turned into the equivalent Basic header.
 */
async function postSecretToBasic(req: IncomingMessage): Promise<void> {
  if (req.headers.authorization) return;
  if (!(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return;
  const raw = await readBody(req);
  const form = new URLSearchParams(raw);
  const clientId = form.get('client_id');
  const secret = form.get('client_secret');
  if (clientId && secret && BASIC_ONLY_CLIENTS.has(clientId)) {
    form.delete('client_id');
    form.delete('client_secret');
    const creds = `${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`;
    req.headers.authorization = `Basic ${Buffer.from(creds).toString('base64')}`;
    (req as IncomingMessage & { body?: string }).body = form.toString();
  } else {
    (req as IncomingMessage & { body?: string }).body = raw;
  }
}

export function createPscHandler(sandbox: PscSandbox): (req: IncomingMessage, res: ServerResponse) => void {
  const callback = sandbox.provider.callback();
  const mount = sandbox.mountPath;
  const r = sandbox.routes;
  const clientAuthPaths = new Set(
    [r.token, r.introspection, r.revocation, r.backchannel_authentication].map((p) => mount + p),
  );

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req);
    if (await handleControl(sandbox, req, res, pathname)) return;
    if (await handleInteraction(sandbox, req, res, pathname)) return;
    if (pathname !== mount && !pathname.startsWith(`${mount}/`)) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    const original = req.url ?? '/';
    let inner = original.slice(mount.length) || '/';
    let originalUrl = original;
    if (pathname === mount + WALLET_DISCOVERY) {
      inner = '/.well-known/openid-configuration';
      originalUrl = mount + inner;
    }
    if (req.method === 'POST' && clientAuthPaths.has(pathname)) await postSecretToBasic(req);
    // oidc-provider derives its mount path from originalUrl minus url (the express convention).
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = originalUrl;
    req.url = inner;
    callback(req, res);
  };

  return (req, res) => {
    handle(req, res).catch((err: Error) => {
      sandbox.options.log(`psc handler error: ${err.message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.end();
    });
  };
}
