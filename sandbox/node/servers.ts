// Starts the sandbox's Node servers: the PSC-like provider (https + internal http), the operator web
// endpoints (autoconfig, BAL listing, CGU) and the Annuaire Santé FHIR fixture. Used by main.ts and by
// integration tests (which may ask for ephemeral ports to run beside a running sandbox).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ACCESS_TOKEN_TTL_SECONDS, HOST, PORTS, PSC_CARD_PORT } from '../config';
import { markCardRequest, type CardTlsMode } from '../psc/card-tls';
import { createPscHandler } from '../psc/handler';
import { PscSandbox } from '../psc/provider';
import { PSC_ISSUER_PATH, PSC_ROUTES, type PscRoutes } from '../psc/routes';
import { createFhirHandler } from '../web/fhir';
import { createWebHandler } from '../web/server';
import { loadServerTls, type ServerTls } from './tls';

export interface NodeServersOptions {
  /** Ports to listen on (0 = ephemeral). Default: PORTS from sandbox/config.ts. */
  ports?: Partial<Record<'psc' | 'pscInternal' | 'web' | 'fhir' | 'pscCard', number>>;
  /** Card login through a TLS client certificate (extra listener on PSC_CARD_PORT). Env SANDBOX_PSC_CARD_TLS. */
  cardTls?: CardTlsMode;
  /** Host name used in URLs (issuer, autoconfig). Default 'localhost' (named by the server certificate). */
  publicHost?: string;
  tls?: ServerTls;
  accessTokenTtlSeconds?: number;
  cibaIntervalSeconds?: number;
  cibaTtlSeconds?: number;
  cibaAutoApproveMs?: number;
  refreshTokenTtlSeconds?: number;
  /** Issuer path of the PSC provider (default PSC_ISSUER_PATH). */
  issuerPath?: string;
  /** Endpoint paths of the PSC provider, relative to the issuer (default PSC_ROUTES). */
  pscRoutes?: PscRoutes;
  log?: (line: string) => void;
}

export interface NodeServers {
  issuer: string;
  urls: { psc: string; pscInternal: string; /** Introspection on the internal listener (Dovecot's way). */ pscIntrospection: string; web: string; fhir: string; control: string; pscCard?: string };
  ports: { psc: number; pscInternal: number; web: number; fhir: number; pscCard?: number };
  caCert: Buffer;
  psc: PscSandbox;
  close(): Promise<void>;
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
}

function cardTlsMode(value: string | undefined): CardTlsMode {
  if (value === undefined || value === '' || value === 'off') return 'off';
  if (value === 'optional' || value === 'required') return value;
  throw new Error('SANDBOX_PSC_CARD_TLS must be off, optional or required');
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startNodeServers(options: NodeServersOptions = {}): Promise<NodeServers> {
  const log = options.log ?? ((line: string) => console.log(line));
  const tls = options.tls ?? (await loadServerTls());
  const host = options.publicHost ?? 'localhost';
  const want = { psc: PORTS.psc, pscInternal: PORTS.pscInternal, web: PORTS.web, fhir: PORTS.fhir, pscCard: PSC_CARD_PORT, ...options.ports };
  const cardTls = options.cardTls ?? cardTlsMode(process.env.SANDBOX_PSC_CARD_TLS);

  // Listen first (ports may be ephemeral); handlers are attached once the issuer is known.
  const servers: http.Server[] = [];
  const pscServer = https.createServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' });
  const internalServer = http.createServer();
  const webServer = https.createServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' });
  const fhirServer = https.createServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' });
  // Asks for (never demands at the TLS level) a client certificate; the login page judges it.
  const cardServer = cardTls === 'off'
    ? undefined
    : https.createServer({
      cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2', requestCert: true, rejectUnauthorized: false, ca: tls.ca,
      ...(tls.crl ? { crl: tls.crl } : {}),
    });
  let psc: PscSandbox | undefined;
  const close = async () => {
    psc?.close();
    await Promise.all(servers.map(closeServer));
  };
  try {
    const ports = {
      psc: await listen(pscServer, want.psc).finally(() => servers.push(pscServer)),
      pscInternal: await listen(internalServer, want.pscInternal).finally(() => servers.push(internalServer)),
      web: await listen(webServer, want.web).finally(() => servers.push(webServer)),
      fhir: await listen(fhirServer, want.fhir).finally(() => servers.push(fhirServer)),
      ...(cardServer ? { pscCard: await listen(cardServer, want.pscCard).finally(() => servers.push(cardServer)) } : {}),
    };
    const issuer = `https://${host}:${ports.psc}${options.issuerPath ?? PSC_ISSUER_PATH}`;
    const routes = options.pscRoutes ?? PSC_ROUTES;
    const mount = new URL(issuer).pathname;
    const urls = {
      psc: issuer,
      pscInternal: `http://${HOST}:${ports.pscInternal}${mount}`,
      pscIntrospection: `http://${HOST}:${ports.pscInternal}${mount}${routes.introspection}`,
      web: `https://${host}:${ports.web}`,
      fhir: `https://${host}:${ports.fhir}/fhir/v2`,
      control: `https://${host}:${ports.psc}/__sandbox`,
      ...(ports.pscCard ? { pscCard: `https://${host}:${ports.pscCard}` } : {}),
    };

    psc = new PscSandbox({
      issuer,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? envNumber('SANDBOX_ACCESS_TOKEN_TTL_SECONDS') ?? ACCESS_TOKEN_TTL_SECONDS,
      cibaIntervalSeconds: options.cibaIntervalSeconds ?? envNumber('SANDBOX_CIBA_INTERVAL_SECONDS') ?? 2,
      cibaTtlSeconds: options.cibaTtlSeconds ?? envNumber('SANDBOX_CIBA_TTL_SECONDS') ?? 120,
      cibaAutoApproveMs: options.cibaAutoApproveMs ?? envNumber('SANDBOX_CIBA_AUTO_APPROVE_MS'),
      refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? envNumber('SANDBOX_REFRESH_TOKEN_TTL_SECONDS') ?? 10 * 3600,
      cardTls,
      routes,
      ...(urls.pscCard ? { cardOrigin: urls.pscCard } : {}),
      log,
    });
    const pscHandler = createPscHandler(psc);
    pscServer.on('request', pscHandler);
    internalServer.on('request', pscHandler);
    cardServer?.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (!(req.url ?? '').startsWith(`${mount}/interaction/`)) {
        res.writeHead(404).end();
        return;
      }
      markCardRequest(req);
      pscHandler(req, res);
    });
    webServer.on('request', createWebHandler({
      issuer,
      webBase: urls.web,
      mailHost: host,
      pscRoutes: routes,
      introspectionUrl: urls.pscIntrospection,
      log,
    }));
    fhirServer.on('request', createFhirHandler({ baseUrl: `https://${host}:${ports.fhir}`, log }));

    return { issuer, urls, ports, caCert: tls.ca, psc, close };
  } catch (err) {
    await close();
    throw err;
  }
}
