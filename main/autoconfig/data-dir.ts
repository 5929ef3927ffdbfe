// Where data files live.
// - The app's own data (known operators): MSSANTE_DATA_DIR, else the repo's data/ next to the sources or
//   the build output, else Electron's resources/data.
// - ANS reference data (IGC-Santé certificates in igc-sante/, the official trust list in trust-list/): not
//   in the repository (README "Trust data"). MSS_SHARED_DATA, else ../shared/data beside the repository,
//   else resources/trust-data in an installer (the packaging step copies it there).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function resourcesPath(): string | undefined {
  return (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
}

export function dataDir(): string {
  const resources = resourcesPath();
  const candidates = [
    process.env.MSSANTE_DATA_DIR,
    path.resolve(here, '../../data'),
    path.resolve(here, '../data'),
    resources ? path.join(resources, 'data') : undefined,
  ].filter((x): x is string => !!x);
  return candidates.find((d) => fs.existsSync(path.join(d, 'known-operators.json'))) ?? candidates[0]!;
}

export function dataFile(name: string): string {
  return path.join(dataDir(), name);
}

/** Where the ANS reference data is looked for, in order (sources and out/ chunks are both 2 levels deep). */
export function sharedDataCandidates(): string[] {
  const resources = resourcesPath();
  return [
    process.env.MSS_SHARED_DATA,
    path.resolve(here, '../../../shared/data'),
    resources ? path.join(resources, 'trust-data') : undefined,
  ].filter((x): x is string => !!x);
}

/** The ANS reference data folder, or null when none of the candidates exists. */
export function sharedDataDir(): string | null {
  return sharedDataCandidates().find((d) => fs.existsSync(d) && fs.statSync(d).isDirectory()) ?? null;
}

/** The same, for tests and the packaging step: a missing folder is an error that names where it looked. */
export function requireSharedDataDir(): string {
  const dir = sharedDataDir();
  if (!dir) {
    throw new Error(
      `ANS reference data not found (IGC-Santé certificates, official trust list): looked in ${sharedDataCandidates().join(', ')}. ` +
        'Set MSS_SHARED_DATA to the folder that holds igc-sante/ and trust-list/.',
    );
  }
  return dir;
}
