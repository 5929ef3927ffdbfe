// The sandbox serves its trust list in ANS's published shape (namespace, several entries per domain, no
// closing root tag) with its SHA-256: the production parser and refresh read it as they read ANS's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../../main/config/runtime-config';
import { TrustListService } from '../../../main/autoconfig/trust-list-service';
import { fetchHttps } from '../../../main/autoconfig/fetch-https';
import { lastGoodPath, trustListInfo, trustListLabel } from '../../../main/autoconfig/trust-list';
import { APP_RUNTIME_FILE } from '../../../sandbox/app-runtime';
import { SANDBOX_OPERATOR, SANDBOX_SUPPORT } from '../../../sandbox/web/trust-list';
import { sandboxOptions } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-trust-sbx-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the sandbox trust list', () => {
  it('is in the published shape, closing tag missing as in ANS files', async () => {
    const runtime = loadRuntimeConfig(APP_RUNTIME_FILE);
    expect(runtime.trustList?.url).toMatch(/\/listeblanchemssante\.xml$/);
    const res = await fetchHttps(runtime.trustList!.url, sandboxOptions(), { maxBytes: 8 << 20 });
    const text = res.body.toString('utf8');
    expect(text).toContain('<ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema">');
    expect(text).not.toContain('</ListeBlancheMSSante>');
    expect(text.trimEnd().endsWith('</ListeDomaines>')).toBe(true);
  });

  it('is refreshed by the app with its checksum, kept as the last good copy, and names the operator', async () => {
    const runtime = loadRuntimeConfig(APP_RUNTIME_FILE);
    const service = new TrustListService({ profileDir: tmp, testMode: true, net: sandboxOptions(), ...runtime.trustList! });
    const r = await service.refresh();
    expect(r.warning).toBeUndefined();
    expect(r.list.origin).toBe('remote');
    expect(fs.existsSync(lastGoodPath(tmp))).toBe(true);
    const info = trustListInfo('test.mssante.fr', r.list)!;
    expect(info.operators).toEqual([SANDBOX_OPERATOR]); // two server certificates, one operator
    expect(info.supportContacts).toEqual([SANDBOX_SUPPORT]);
    expect(trustListLabel(info)).toBe(`test.mssante.fr — ${SANDBOX_OPERATOR} (Messagerie du bac à sable MSSanté)`);
    // The directory fixture's real domains come with ANS's own entries.
    expect(trustListInfo('medecin.mssante.fr', r.list)?.operators).toEqual(['CAPGEMINI TECHNOLOGY SERVICES']);
    expect(trustListInfo('CH-VALDELOIRE.mssante.fr', r.list)?.domain).toBe('CH-ValDeLoire.mssante.fr');
  });
});
