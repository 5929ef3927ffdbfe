// The host policy at setup (each outside host confirmed by name, "advanced" edits included) and again at
// every connection (IMAP settings of a stored account, SMTP settings of a send).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsFile } from '../../../main/accounts/accounts-file';
import { imapServerOf } from '../../../main/accounts/imap-server';
import type { RuntimeConfig } from '../../../main/config/runtime-config';
import { createSetupHandlers } from '../../../main/app/setup-handlers';
import { EventBus } from '../../../main/bridge/events';
import { startHttpsServer, xmlHandler, type TestHttpsServer } from './helpers/https-server';
import { makeTestPki } from './helpers/test-pki';

const doc = (host: string) => `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="x">
 <incomingServer type="imap"><hostname>${host}</hostname><port>143</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication></incomingServer>
 <outgoingServer type="smtp"><hostname>smtp.test.mssante.fr</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication></outgoingServer>
</emailProvider></clientConfig>`;

let srv: TestHttpsServer;
let dir: string;
let runtime: RuntimeConfig;
beforeAll(async () => {
  const pki = makeTestPki(['DNS:localhost']);
  srv = await startHttpsServer(pki);
  srv.routes.set('/evil.xml', xmlHandler(doc('mail.evil.example')));
  srv.routes.set('/good.xml', xmlHandler(doc('imap.test.mssante.fr')));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-hostpolicy-'));
  runtime = { testMode: true, extraCa: [pki.caCert], source: null, dnsServers: ['127.0.0.1:9'] };
});
afterAll(async () => {
  await srv?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function handlers() {
  const accounts = new AccountsFile(path.join(dir, String(Math.random())));
  const h = createSetupHandlers({
    events: new EventBus(), accounts, runtime,
    onAccountSaved: (address) => ({ address, type: 'PER', label: address, role: 'titulaire', unread: 0, active: false, confirmedAt: null }),
  });
  return { h, accounts };
}
const ctx = {} as never;

describe('host policy at setup', () => {
  it('refuses to save servers outside the domain until each host is confirmed by name, then keeps the confirmation', async () => {
    const { h, accounts } = handlers();
    const found = await h['setup.discover'](ctx, { address: 'a@test.mssante.fr', url: `https://localhost:${srv.port}/evil.xml` });
    expect(found.outsideHosts).toEqual(['mail.evil.example']);
    const save = (confirmHosts?: string[]) => h['setup.saveAccount'](ctx, { address: 'a@test.mssante.fr', acknowledgeUntrusted: false, ...(confirmHosts ? { confirmHosts } : {}) });
    expect(() => save()).toThrow(/mail\.evil\.example/);
    expect(() => save(['other.example'])).toThrow(/mail\.evil\.example/);
    expect(accounts.list()).toEqual([]);
    save(['mail.evil.example']);
    expect(accounts.get('a@test.mssante.fr')?.config.confirmedHosts).toEqual(['mail.evil.example']);
  });

  it('applies the policy to "advanced" edits of a trusted configuration', async () => {
    const { h, accounts } = handlers();
    await h['setup.discover'](ctx, { address: 'a@test.mssante.fr', url: `https://localhost:${srv.port}/good.xml` });
    const imap = { host: 'imap.evil.example', port: 143, security: 'starttls' as const, username: 'a@test.mssante.fr', auth: 'oauth2' as const };
    expect(() => h['setup.saveAccount'](ctx, { address: 'a@test.mssante.fr', acknowledgeUntrusted: false, imap })).toThrow(/imap\.evil\.example/);
    expect(accounts.list()).toEqual([]);
  });
});

describe('host policy at every connection', () => {
  it('refuses the IMAP settings of a stored account whose host is outside the domain and not confirmed', () => {
    const { accounts } = handlers();
    const server = { port: 143, security: 'starttls' as const, username: 'a@test.mssante.fr', auth: 'oauth2' as const };
    const stored = accounts.upsert({
      address: 'a@test.mssante.fr', type: 'PER', label: 'a', discoveredFrom: null,
      config: { address: 'a@test.mssante.fr', imap: { ...server, host: 'imap.evil.example' }, smtp: { ...server, host: 'smtp.test.mssante.fr' }, connectionCap: 10 },
    });
    expect(() => imapServerOf(stored, runtime)).toThrow(/imap\.evil\.example/);
    const confirmed = { ...stored, config: { ...stored.config, confirmedHosts: ['imap.evil.example'] } };
    expect(imapServerOf(confirmed, runtime).host).toBe('imap.evil.example');
  });
});
