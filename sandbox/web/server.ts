// Operator web endpoints: autoconfiguration (both URL forms), BAL listing for a PSC token, CGU page, and
// the sandbox's MSSanté trust list with its SHA-256 (ANS's published shape, see trust-list.ts).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { BALS, PEOPLE, PSC_INTROSPECTION_CLIENT } from '../config';
import { requestUrl, sendJson, sendText } from '../node/http-util';
import { autoconfigXml, type AutoconfigUrls } from './autoconfig';
import { CGU_HTML } from './cgu';
import { TRUST_LIST_CHECKSUM_PATH, TRUST_LIST_PATH, sandboxTrustList } from './trust-list';

export interface WebOptions extends AutoconfigUrls {
  /** Introspection endpoint of the provider on its internal http listener. */
  introspectionUrl: string;
  log: (line: string) => void;
}

interface Introspection {
  active: boolean;
  sub?: string;
  SubjectNameID?: string;
}

/** POSTs to the provider's internal listener with node:http (fetch refuses port 10080, a "bad port"). */
function introspect(url: string, token: string): Promise<Introspection> {
  const creds = Buffer.from(`${PSC_INTROSPECTION_CLIENT.clientId}:${PSC_INTROSPECTION_CLIENT.clientSecret}`).toString('base64');
  const body = new URLSearchParams({ token, token_type_hint: 'access_token' }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${creds}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
        timeout: 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(new Error(`introspection HTTP ${res.statusCode}`));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Introspection);
          } catch (err) {
            reject(err as Error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('introspection timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

function unauthorized(res: ServerResponse, description: string): void {
  sendJson(res, 401, { error: 'invalid_token', error_description: description }, {
    'www-authenticate': 'Bearer realm="mssante", error="invalid_token"',
  });
}

async function listBals(opts: WebOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const match = /^Bearer ([\x21-\x7e]+)$/.exec(req.headers.authorization ?? '');
  if (!match?.[1]) {
    unauthorized(res, "Jeton d'accès Pro Santé Connect manquant : connectez-vous puis réessayez.");
    return;
  }
  let info: Introspection;
  try {
    info = await introspect(opts.introspectionUrl, match[1]);
  } catch (err) {
    opts.log(`web bals: introspection failed: ${(err as Error).message}`);
    sendJson(res, 503, { error: 'temporarily_unavailable', error_description: 'Service Pro Santé Connect indisponible, réessayez dans un instant.' });
    return;
  }
  const idNat = info.SubjectNameID ?? info.sub;
  if (!info.active || !idNat) {
    unauthorized(res, "Jeton d'accès expiré ou révoqué : reconnectez-vous avec Pro Santé Connect.");
    return;
  }
  const person = PEOPLE.find((p) => p.idNat === idNat);
  const out = (person?.rights ?? []).flatMap((right) => {
    const bal = BALS.find((b) => b.address === right.bal);
    return bal ? [{ address: bal.address, type: bal.type, label: bal.label, role: right.role }] : [];
  });
  sendJson(res, 200, out);
}

export function createWebHandler(opts: WebOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const trustList = sandboxTrustList();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = requestUrl(req);
    const isGet = req.method === 'GET' || req.method === 'HEAD';
    if (isGet && (pathname === '/mail/config-v1.1.xml' || pathname === '/.well-known/autoconfig/mail/config-v1.1.xml')) {
      sendText(res, 200, 'text/xml; charset=utf-8', autoconfigXml(opts), { 'cache-control': 'no-cache' });
      return;
    }
    if (isGet && pathname === '/api/v1/bals') {
      await listBals(opts, req, res);
      return;
    }
    if (isGet && pathname === TRUST_LIST_PATH) {
      sendText(res, 200, 'application/xml', trustList.xml, { 'cache-control': 'no-cache' });
      return;
    }
    if (isGet && pathname === TRUST_LIST_CHECKSUM_PATH) {
      sendText(res, 200, 'text/plain', trustList.sha256);
      return;
    }
    if (isGet && pathname === '/cgu') {
      sendText(res, 200, 'text/html; charset=utf-8', CGU_HTML);
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  };
  return (req, res) => {
    handle(req, res).catch((err: Error) => {
      opts.log(`web handler error: ${err.message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.end();
    });
  };
}
