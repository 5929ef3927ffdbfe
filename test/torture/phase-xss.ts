// Phase 4b: the XSS corpus through the reader in the browser host, driven by Playwright
// (test/e2e/xss.spec.ts writes its figures to test-results/xss-figures.json).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackChild } from './lib';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIGURES = path.join(REPO, 'test-results', 'xss-figures.json');

export interface XssFigures {
  messages: number;
  scriptRuns: number;
  requestsLeft: number;
  remoteLoads: number;
  popups: number;
  specPassed: boolean;
  failures: string[];
}

export async function runXss(o: { log: (l: string) => void }): Promise<XssFigures> {
  fs.rmSync(FIGURES, { force: true });
  let out = '';
  const code = await new Promise<number>((resolve) => {
    const p = trackChild(spawn(process.execPath, [path.join(REPO, 'node_modules/@playwright/test/cli.js'), 'test', 'test/e2e/xss.spec.ts', '--reporter=line'], {
      cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env },
    }));
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    p.once('exit', (c) => resolve(c ?? 1));
  });
  if (!fs.existsSync(FIGURES)) {
    o.log(`  xss: spec produced no figures:\n${out.slice(-1500)}`);
    return { messages: 0, scriptRuns: 0, requestsLeft: 0, remoteLoads: 0, popups: 0, specPassed: false, failures: [`xss spec failed before measuring (exit ${code})`] };
  }
  const f = JSON.parse(fs.readFileSync(FIGURES, 'utf8')) as { messages: number; scriptRuns: number; scriptEvidence: string[]; requestsLeft: number; left: string[]; remoteLoads: number; remoteHits: string[]; popups: number };
  return {
    messages: f.messages, scriptRuns: f.scriptRuns, requestsLeft: f.requestsLeft, remoteLoads: f.remoteLoads, popups: f.popups, specPassed: code === 0,
    failures: [...f.scriptEvidence, ...f.left.map((u) => `request left: ${u}`), ...f.remoteHits.map((u) => `remote hit: ${u}`)],
  };
}
