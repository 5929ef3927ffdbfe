// RFC 8252 loopback redirect: a one-shot http listener on 127.0.0.1:<random port>/callback that hands
// the first callback carrying the expected `state` to the caller. Other requests get 404 / 400 and
// do not end the wait (a stray or forged request must not break a login in progress).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const CALLBACK_PATH = '/callback';

export interface LoopbackListener {
  redirectUri: string;
  /** Resolves with the full callback URL (query included). */
  callback: Promise<URL>;
  close(): void;
}

const PAGE = (title: string, text: string) => `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;color:#1b1b35}h1{font-size:1.3rem;color:#000091}</style>
</head><body><h1>${title}</h1><p>${text}</p></body></html>`;

export async function startLoopbackListener(expectedState: string, signal?: AbortSignal): Promise<LoopbackListener> {
  let resolveCb!: (u: URL) => void;
  let rejectCb!: (e: unknown) => void;
  const callback = new Promise<URL>((res, rej) => {
    resolveCb = res;
    rejectCb = rej;
  });
  callback.catch(() => {});

  const server = http.createServer((req, res) => {
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    const url = new URL(req.url ?? '/', redirectBase);
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      res.writeHead(404, headers).end(PAGE('Page introuvable', 'Cette adresse ne sert qu’au retour de connexion Pro Santé Connect.'));
      return;
    }
    if (url.searchParams.get('state') !== expectedState) {
      res.writeHead(400, headers).end(PAGE('Demande inconnue', 'Cette réponse ne correspond à aucune connexion en cours. Relancez la connexion depuis la messagerie.'));
      return;
    }
    const failed = url.searchParams.has('error');
    res.writeHead(200, headers).end(
      failed
        ? PAGE('Connexion non aboutie', 'La connexion Pro Santé Connect n’a pas abouti. Vous pouvez fermer cette fenêtre et revenir à la messagerie.')
        : PAGE('Connexion réussie', 'Vous êtes connecté. Vous pouvez fermer cette fenêtre et revenir à la messagerie.'),
    );
    resolveCb(url);
    close();
  });
  server.on('error', (err) => rejectCb(err));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const redirectBase = `http://127.0.0.1:${port}`;

  function close(): void {
    server.close();
    server.closeAllConnections();
  }
  const onAbort = () => {
    rejectCb(signal?.reason ?? new Error('aborted'));
    close();
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  server.on('close', () => signal?.removeEventListener('abort', onAbort));

  return { redirectUri: `${redirectBase}${CALLBACK_PATH}`, callback, close };
}
