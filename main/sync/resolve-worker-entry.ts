// Where the engine worker's code is: the .ts source under tsx (tests, dev), or `sync-worker.js` next to the
// main bundle once built (vite input 'main/sync-worker': 'main/sync/engine-worker.ts'). Same for the index
// worker (`index-worker.ts`, vite input 'main/index-worker').
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  file: string;
  execArgv: string[];
}

const ENTRIES = {
  engine: { ts: 'engine-worker.ts', js: 'sync-worker.js' },
  index: { ts: 'index-worker.ts', js: 'index-worker.js' },
} as const;

export function resolveWorkerEntry(moduleUrl: string = import.meta.url, exists: (p: string) => boolean = fs.existsSync, which: keyof typeof ENTRIES = 'engine'): WorkerEntry {
  const override = which === 'engine' ? process.env.MSS_SYNC_WORKER : undefined;
  if (override) return { file: override, execArgv: override.endsWith('.ts') ? ['--import', 'tsx'] : [] };
  const here = fileURLToPath(moduleUrl);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) return { file: path.join(dir, ENTRIES[which].ts), execArgv: ['--import', 'tsx'] };
  // Bundled: this code sits in out/main/index.js, out/main/sync-worker.js, out/host/index.js or out/chunks/*.js.
  const candidates = [path.join(dir, ENTRIES[which].js), path.join(dir, '..', 'main', ENTRIES[which].js)];
  const found = candidates.find((p) => exists(p));
  if (!found) throw new Error(`sync worker bundle not found (looked in ${candidates.join(', ')})`);
  return { file: found, execArgv: [] };
}
