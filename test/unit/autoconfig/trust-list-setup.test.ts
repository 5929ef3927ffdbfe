// Account setup shows what the trust list says about the BAL's domain: description, operator (O= of its
// certificates) and the list's date (DateDeGeneration), from the list the app holds (sandbox-shaped here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsFile } from '../../../main/accounts/accounts-file';
import type { RuntimeConfig } from '../../../main/config/runtime-config';
import { createSetupHandlers } from '../../../main/app/setup-handlers';
import { operatorSupport, parseTrustList, trustDomainView } from '../../../main/autoconfig/trust-list';
import { EventBus } from '../../../main/bridge/events';
import { SANDBOX_OPERATOR, SANDBOX_TRUST_ENTRIES, trustListXml } from '../../../sandbox/web/trust-list';
import { startHttpsServer, xmlHandler, type TestHttpsServer } from './helpers/https-server';
import { makeTestPki } from './helpers/test-pki';

const doc = (host: string) => `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="x">
 <incomingServer type="imap"><hostname>${host}</hostname><port>143</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication></incomingServer>
 <outgoingServer type="smtp"><hostname>${host}</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication></outgoingServer>
</emailProvider></clientConfig>`;

const list = parseTrustList(trustListXml(SANDBOX_TRUST_ENTRIES, '2026-12-01T08:00:00Z'), 'remote');
let srv: TestHttpsServer;
let dir: string;
let runtime: RuntimeConfig;
beforeAll(async () => {
  const pki = makeTestPki(['DNS:localhost']);
  srv = await startHttpsServer(pki);
  srv.routes.set('/autre.xml', xmlHandler(doc('imap.autre-operateur.test.mssante.fr')));
  srv.routes.set('/absent.xml', xmlHandler(doc('imap.absent.example')));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-trust-setup-'));
  runtime = { testMode: true, extraCa: [pki.caCert], source: null, dnsServers: ['127.0.0.1:9'] };
});
afterAll(async () => {
  await srv?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const handlers = () =>
  createSetupHandlers({
    events: new EventBus(), accounts: new AccountsFile(dir), runtime, trustList: async () => list,
    onAccountSaved: (address) => ({ address, type: 'PER', label: address, role: 'titulaire', unread: 0, active: false, confirmedAt: null }),
  });

describe('setup shows the trust list entry', () => {
  it('names the operator and description of a listed domain, and the list date', async () => {
    const found = await handlers()['setup.discover']({} as never, { address: 'a@autre-operateur.test.mssante.fr', url: `https://localhost:${srv.port}/autre.xml` });
    expect(found.trusted).toBe(true);
    expect(found.trustInfo?.label).toBe('Autre-Operateur.test.mssante.fr — AUTRE OPERATEUR & CIE (Second opérateur du bac à sable)');
    expect(found.trustInfo?.supportContacts).toEqual(['03 00 00 00 00, support@autre-operateur.test.mssante.fr']);
    expect(found.trustListDate).toBe('01/12/2026');
  });

  it('has no entry for a domain outside the list, and still says the list date', async () => {
    const found = await handlers()['setup.discover']({} as never, { address: 'a@absent.example', url: `https://localhost:${srv.port}/absent.xml` });
    expect(found.trusted).toBe(false);
    expect(found.trustInfo).toBeNull();
    expect(found.trustListDate).toBe('01/12/2026');
  });

  it("an unreachable operator's error names its SupportContact", () => {
    expect(operatorSupport(['x@gmail.com', 'cabinet@test.mssante.fr'], list)).toEqual({ operator: SANDBOX_OPERATOR, contact: '01 00 00 00 00, support@test.mssante.fr' });
    expect(operatorSupport(['x@gmail.com'], list)).toBeNull();
    expect(operatorSupport(['cabinet@test.mssante.fr'], null)).toBeNull();
  });

  it('one operator however many certificates it has', () => {
    expect(trustDomainView('TEST.mssante.fr', list)?.operators).toEqual([SANDBOX_OPERATOR]);
  });
});
