// Finds an Electron binary without triggering the electron package's first-launch download (which
// cannot reach the network on build machines). MSS_ELECTRON_BINARY or ELECTRON_OVERRIDE_DIST_PATH win.
import fs from 'node:fs';
import path from 'node:path';

export function findElectronBinary(): string | null {
  const explicit = process.env.MSS_ELECTRON_BINARY;
  if (explicit && fs.existsSync(explicit)) return explicit;
  const pkgDir = path.resolve('node_modules/electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const rel = fs.readFileSync(pathFile, 'utf8').trim();
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist');
  const full = path.join(base, rel);
  return fs.existsSync(full) ? full : null;
}

export const NO_ELECTRON_REASON =
  'No Electron binary on this machine (the electron package fetches it at first launch and this machine cannot download it); set MSS_ELECTRON_BINARY to run the Electron smoke test.';
