// In-process https server on 127.0.0.1 with per-path handlers (real TLS, real sockets).
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import type { TestPki } from './test-pki';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestHttpsServer {
  port: number;
  /** Routes by pathname; "host path" keys match a Host header too (e.g. "autoconfig.example.test /mail/config-v1.1.xml"). */
  routes: Map<string, Handler>;
  hits: string[];
  close(): Promise<void>;
}

export async function startHttpsServer(pki: TestPki, tlsOptions: https.ServerOptions = {}): Promise<TestHttpsServer> {
  const routes = new Map<string, Handler>();
  const hits: string[] = [];
  const server = https.createServer({ cert: pki.serverCert, key: pki.serverKey, ...tlsOptions }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    hits.push(`${host} ${url.pathname}${url.search}`);
    const h = routes.get(`${host} ${url.pathname}`) ?? routes.get(url.pathname);
    if (h) h(req, res);
    else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    routes,
    hits,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

export const xmlHandler = (body: string, delayMs = 0): Handler => (_req, res) => {
  setTimeout(() => {
    res.setHeader('content-type', 'text/xml; charset=utf-8');
    res.end(body);
  }, delayMs);
};
