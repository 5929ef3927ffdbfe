// Test-only controls of the sandbox PSC under /__sandbox/ (loopback only, no authentication: they exist
// only in the sandbox). They stand for the person's phone (CIBA approve/deny) and an administrator.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { personByIdNat } from '../config';
import { isLoopback, readParams, sendJson } from '../node/http-util';
import type { AuthMode } from './claims';
import type { PendingCiba } from './ciba-registry';
import type { PscSandbox } from './provider';
import { checkCardProof } from './card-proof';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pendingJson(p: PendingCiba) {
  return {
    auth_req_id: p.authReqId,
    login_hint: p.idNat,
    binding_message: p.bindingMessage,
    channel: p.channel,
    client_id: p.clientId,
    scope: p.scope,
    expires_at: Math.floor(p.expiresAt / 1000),
  };
}

/** Finds the pending CIBA request named by authReqId, or the oldest of idNat; waits up to waitMs for one to appear. */
async function findPending(sandbox: PscSandbox, params: Record<string, string>): Promise<PendingCiba | undefined> {
  const waitMs = Math.min(Number(params.waitMs ?? 0) || 0, 30_000);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const found = params.authReqId
      ? sandbox.ciba.get(params.authReqId)
      : params.idNat
        ? sandbox.ciba.oldestFor(params.idNat)
        : undefined;
    if (found || Date.now() >= deadline) return found;
    await sleep(100);
  }
}

export async function handleControl(sandbox: PscSandbox, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  if (!pathname.startsWith('/__sandbox/')) return false;
  if (!isLoopback(req)) {
    sendJson(res, 403, { error: 'forbidden' });
    return true;
  }
  const route = `${req.method} ${pathname}`;
  try {
    switch (route) {
      case 'GET /__sandbox/ciba/pending':
        sendJson(res, 200, sandbox.ciba.list().map(pendingJson));
        return true;
      case 'POST /__sandbox/ciba/approve':
      case 'POST /__sandbox/ciba/deny': {
        const params = await readParams(req);
        if (!params.authReqId && !params.idNat) {
          sendJson(res, 400, { error: 'invalid_request', error_description: 'idNat or authReqId required' });
          return true;
        }
        const pending = await findPending(sandbox, params);
        if (!pending) {
          sendJson(res, 404, { error: 'not_found', error_description: 'no pending CIBA request' });
          return true;
        }
        if (route.endsWith('/approve')) await sandbox.approveCiba(pending.authReqId);
        else await sandbox.denyCiba(pending.authReqId);
        sendJson(res, 200, { ok: true, ...pendingJson(pending) });
        return true;
      }
      case 'POST /__sandbox/ciba/card-proof': {
        // The card channel: approval only with a signature of the card's authentication key.
        const params = await readParams(req);
        const pending = params.authReqId ? sandbox.ciba.get(params.authReqId) : undefined;
        if (!pending || !params.certificate || !params.signature) {
          sendJson(res, 400, { error: 'invalid_request', error_description: 'pending authReqId, certificate and signature required' });
          return true;
        }
        const check = checkCardProof(pending, Buffer.from(params.certificate, 'base64'), Buffer.from(params.signature, 'base64'));
        if (!check.ok) {
          sendJson(res, 403, { error: 'access_denied', error_description: check.reason });
          return true;
        }
        await sandbox.approveCiba(pending.authReqId);
        sendJson(res, 200, { ok: true, ...pendingJson(pending) });
        return true;
      }
      case 'POST /__sandbox/revoke': {
        const { idNat } = await readParams(req);
        if (!idNat) {
          sendJson(res, 400, { error: 'invalid_request', error_description: 'idNat required' });
          return true;
        }
        sendJson(res, 200, { ok: true, ...(await sandbox.revokePerson(idNat)) });
        return true;
      }
      case 'POST /__sandbox/token': {
        const params = await readParams(req);
        if (!params.idNat || !personByIdNat(params.idNat)) {
          sendJson(res, 400, { error: 'invalid_request', error_description: 'known idNat required' });
          return true;
        }
        const ttl = params.ttlSeconds ? Number(params.ttlSeconds) : undefined;
        if (ttl !== undefined && !(Number.isSafeInteger(ttl) && ttl > 0)) {
          sendJson(res, 400, { error: 'invalid_request', error_description: 'ttlSeconds must be a positive integer' });
          return true;
        }
        const authMode = params.authMode === 'CARD' || params.authMode === 'MOBILE' ? (params.authMode as AuthMode) : undefined;
        const { accessToken, expiresIn } = await sandbox.issueAccessToken(params.idNat, ttl, authMode);
        sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, scope: 'openid scope_all' });
        return true;
      }
      case 'POST /__sandbox/expire': {
        const { idNat } = await readParams(req);
        if (!idNat) {
          sendJson(res, 400, { error: 'invalid_request', error_description: 'idNat required' });
          return true;
        }
        sendJson(res, 200, { ok: true, expired: sandbox.expirePerson(idNat) });
        return true;
      }
      case 'GET /__sandbox/health':
        sendJson(res, 200, { ok: true });
        return true;
      default:
        sendJson(res, 404, { error: 'not_found' });
        return true;
    }
  } catch (err) {
    sendJson(res, 500, { error: 'server_error', error_description: (err as Error).message });
    return true;
  }
}
