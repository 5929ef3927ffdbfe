// Packaging step (npm run dist): copies the ANS reference data the app needs from the configured folder
// (MSS_SHARED_DATA, else ../shared/data beside the repository) into build/trust-data/, which
// electron-builder puts in the installer's resources/trust-data (main/autoconfig/data-dir.ts looks there).
// Only the IGC-Santé certificates named in data/igc-sante-roots/roots.json (each fingerprint checked
// again) and the trust-list files are taken. Fails, naming the folder, when the data is missing.
import fs from 'node:fs';
import path from 'node:path';
import { requireSharedDataDir } from '../main/autoconfig/data-dir';
import { SHARED_ROOTS_FOLDER, loadBundledRoots, readRootsManifest, rootsManifestFile } from '../main/net/roots';

const shared = requireSharedDataDir();
const out = path.resolve('build', 'trust-data');
fs.rmSync(out, { recursive: true, force: true });

const rootsDir = path.join(shared, SHARED_ROOTS_FOLDER);
loadBundledRoots(rootsDir); // throws on a missing file, a fingerprint that differs or a non-CA
const manifest = readRootsManifest(rootsManifestFile(rootsDir));
fs.mkdirSync(path.join(out, SHARED_ROOTS_FOLDER), { recursive: true });
for (const name of [...manifest.certificates.map((c) => c.file), 'PROVENANCE.md']) {
  if (fs.existsSync(path.join(rootsDir, name))) fs.copyFileSync(path.join(rootsDir, name), path.join(out, SHARED_ROOTS_FOLDER, name));
}
const listDir = path.join(shared, 'trust-list');
fs.cpSync(listDir, path.join(out, 'trust-list'), { recursive: true });
if (fs.existsSync(path.join(shared, 'README.md'))) fs.copyFileSync(path.join(shared, 'README.md'), path.join(out, 'README.md'));
console.log(`stage-trust-data: ${manifest.certificates.length} IGC-Santé certificates and ${fs.readdirSync(listDir).length} trust-list files from ${shared} -> ${out}`);
