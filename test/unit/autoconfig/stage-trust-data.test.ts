// Issue 17: the packaging step (scripts/stage-trust-data.ts, run by `npm run dist`) takes the ANS data from
// the configured folder into build/trust-data/ (electron-builder's resources/trust-data): only the
// IGC-Santé certificates of the manifest (fingerprints checked again, TEST and other ranges left out) and
// the trust-list files; the staged folder is one the app reads as it reads ../shared/data.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOfficialTrustList } from '../../../main/autoconfig/trust-list';
import { loadBundledRoots, readRootsManifest } from '../../../main/net/roots';
import { sharedData } from '../../shared-data';

const REPO = path.resolve(__dirname, '../../..');
const MANIFEST = path.join(REPO, 'data/igc-sante-roots/roots.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-stage-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function stage(cwd: string, sharedDir: string) {
  fs.mkdirSync(cwd, { recursive: true });
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO, 'scripts/stage-trust-data.ts')], {
    cwd, encoding: 'utf8', env: { ...process.env, MSS_SHARED_DATA: sharedDir, MSS_ROOTS_DIR: '' },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('packaging step: ANS data staged for the installer', () => {
  it('copies the manifest certificates and the trust list, nothing else of igc-sante/; the app reads the staged folder', () => {
    const shared = sharedData();
    const r = stage(path.join(tmp, 'ok'), shared);
    expect(r.code, r.out).toBe(0);
    const out = path.join(tmp, 'ok', 'build', 'trust-data');
    const manifest = readRootsManifest(MANIFEST);
    expect(fs.readdirSync(path.join(out, 'igc-sante')).sort()).toEqual([...manifest.certificates.map((c) => c.file), 'PROVENANCE.md'].sort());
    expect(fs.readdirSync(path.join(out, 'trust-list')).sort()).toEqual(fs.readdirSync(path.join(shared, 'trust-list')).sort());
    expect(loadBundledRoots(path.join(out, 'igc-sante'), MANIFEST)).toHaveLength(manifest.certificates.length);
    const saved = process.env.MSS_SHARED_DATA;
    process.env.MSS_SHARED_DATA = out;
    try {
      expect(loadOfficialTrustList().domains.size).toBe(5002);
    } finally {
      if (saved === undefined) delete process.env.MSS_SHARED_DATA;
      else process.env.MSS_SHARED_DATA = saved;
    }
  });

  it('refuses to stage a certificate whose fingerprint differs from the manifest', () => {
    // A copy of the reference data (outside the repository) with the root replaced by the TEST root.
    const shared = sharedData();
    const copy = path.join(tmp, 'tampered-data');
    fs.cpSync(shared, copy, { recursive: true });
    fs.chmodSync(path.join(copy, 'igc-sante'), 0o755);
    const root = path.join(copy, 'igc-sante', 'AC_RACINE_IGC-SANTE_ELEMENTAIRE.pem');
    fs.chmodSync(root, 0o644);
    fs.copyFileSync(path.join(shared, 'igc-sante', 'TEST_AC_RACINE_IGC-SANTE_ELEMENTAIRE.pem'), root);
    const r = stage(path.join(tmp, 'bad'), copy);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/differs from the one recorded/);
    expect(fs.existsSync(path.join(tmp, 'bad', 'build', 'trust-data', 'igc-sante'))).toBe(false);
  });
});
