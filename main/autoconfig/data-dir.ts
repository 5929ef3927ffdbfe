// Where bundled data files (trust list, known operators) live: MSSANTE_DATA_DIR, else the repo's data/
// next to the sources or the build output, else Electron's resources/data.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function dataDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    process.env.MSSANTE_DATA_DIR,
    path.resolve(here, '../../data'),
    path.resolve(here, '../data'),
    resources ? path.join(resources, 'data') : undefined,
  ].filter((x): x is string => !!x);
  return candidates.find((d) => fs.existsSync(path.join(d, 'listeblanchemssante.xml'))) ?? candidates[0]!;
}

export function dataFile(name: string): string {
  return path.join(dataDir(), name);
}
