// Helpers of the auth integration tests: PSC settings for a sandbox provider, and driving the sandbox
// login page (what a person does in the login window) with plain form posts.
import fs from 'node:fs';
import net from 'node:net';
import type { AuditEvent, AuditSink } from '../../../main/auth/audit-events';
import type { PscSettings } from '../../../main/auth/psc';
import { HOST, PATHS, PORTS, PSC_CLIENT, PSC_ISSUER } from '../../../sandbox/config';
import { startNodeServers, type NodeServers } from '../../../sandbox/node/servers';
import { caFetch, CookieJar, type FetchLike } from '../psc/helpers';

export function sandboxCa(): Buffer {
  return fs.readFileSync(PATHS.caCert);
}

/** Settings of the app's PSC client for a sandbox issuer (the only place the sandbox secret is used). */
export function pscSettings(issuer: string = PSC_ISSUER, overrides: Partial<PscSettings> = {}): PscSettings {
  return {
    issuer,
    clientId: PSC_CLIENT.clientId,
    clientSecret: PSC_CLIENT.clientSecret,
    trust: { extraCa: [sandboxCa()] },
    timeoutSeconds: 10,
    ...overrides,
  };
}

/**
 * Plays the person in the login window: opens the authorization URL, fills the sandbox login form with
 * the IdNat and method, follows redirects until PSC sends the browser to the loopback callback, and
 * loads that callback (as the window would). Returns the callback page's status.
 */
export async function loginInBrowser(fetch: FetchLike, authorizationUrl: string, idNat: string, method: 'card' | 'ecps'): Promise<{ callbackStatus: number; callbackUrl: string }> {
  const jar = new CookieJar();
  const get = async (url: string) => {
    const res = await fetch(url, { headers: { cookie: jar.header(url) } });
    jar.store(res);
    return res;
  };
  let url = authorizationUrl;
  let res = await get(url);
  for (let hops = 0; hops < 10; hops++) {
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      if (url.startsWith('http://127.0.0.1:')) {
        const cb = await fetch(url);
        return { callbackStatus: cb.status, callbackUrl: url };
      }
      res = await get(url);
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no login form (status ${res.status})`);
    const postUrl = new URL(action.replace(/&amp;/g, '&'), url).href;
    res = await fetch(postUrl, {
      method: 'POST',
      headers: { cookie: jar.header(postUrl), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ idNat, method }),
    });
    jar.store(res);
    url = postUrl;
  }
  throw new Error('login did not reach the callback');
}

// ---- the running sandbox operator (fixed ports: Dovecot introspects at PORTS.pscInternal) ----------


export const CONTROL_URL = `https://localhost:${PORTS.psc}/__sandbox`;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: HOST, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface OperatorSandbox {
  fetch: FetchLike;
  control(path: string, body?: Record<string, unknown>): Promise<Response>;
  /** Stops what this helper started (nothing when the sandbox was already up). */
  close(): Promise<void>;
}

/**
 * The sandbox operator the mail tests need: Dovecot + Postfix must be up (sandbox CLI / global setup);
 * the PSC-like provider is started in this process on its fixed ports when it is not already running.
 */
export async function useOperatorSandbox(): Promise<OperatorSandbox> {
  for (const [name, port] of [['IMAP', PORTS.imap], ['submission', PORTS.submission]] as const) {
    if (!(await portOpen(port))) throw new Error(`sandbox ${name} is not listening on ${port}: run \`npm run sandbox -- up\``);
  }
  const fetch = caFetch(sandboxCa());
  let started: NodeServers | undefined;
  const healthy = async () => (await fetch(`${CONTROL_URL}/health`).catch(() => null))?.status === 200;
  if (!(await healthy())) {
    try {
      started = await startNodeServers({ log: () => {} });
    } catch (err) {
      if (!(await healthy())) throw err; // somebody else started it meanwhile: fine
    }
  }
  return {
    fetch,
    control: (path, body) =>
      fetch(`${CONTROL_URL}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    close: async () => {
      await started?.close();
    },
  };
}

/** Audit sink keeping events in memory (the store's audit table is another helper's). */
export class MemoryAuditSink implements AuditSink {
  readonly events: AuditEvent[] = [];
  record(event: AuditEvent): void {
    this.events.push(event);
  }
  actions(): string[] {
    return this.events.map((e) => `${e.action}:${e.result}`);
  }
}

/** Approves the newest pending CIBA request of a person that shows this binding message. */
export async function approveCiba(control: OperatorSandbox['control'], idNat: string, bindingMessage: string, verb: 'approve' | 'deny' = 'approve'): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const all = (await (await control('/ciba/pending')).json()) as Array<Record<string, unknown>>;
    const mine = all.filter((p) => p.login_hint === idNat && p.binding_message === bindingMessage);
    if (mine.length) {
      const res = await control(`/ciba/${verb}`, { authReqId: mine.at(-1)!.auth_req_id as string });
      if (res.status !== 200) throw new Error(`ciba ${verb}: ${res.status}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no pending CIBA request');
}
