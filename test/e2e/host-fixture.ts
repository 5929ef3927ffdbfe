// Starts the real browser host (built bundle, real services) with a fresh profile for each test file.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test as base } from '@playwright/test';

export interface RunningHostProcess {
  url: string;
  port: number;
  profileDir: string;
  child: ChildProcess;
}

/** `reuseProfile`: a restart of the app on the same workstation (same profile, same keychain). */
export async function startHostProcess(extraEnv: Record<string, string> = {}, reuseProfile?: string): Promise<RunningHostProcess> {
  const entry = path.resolve('out/host/index.js');
  if (!fs.existsSync(entry)) throw new Error('out/host/index.js is missing: run `npm run build` first');
  const profileDir = reuseProfile ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mss-e2e-profile-'));
  const child = spawn(process.execPath, [entry, '--no-open', '--profile', profileDir], {
    env: { ...process.env, DISPLAY: '', ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rl = readline.createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('host did not start within 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`host exited early (${code})`)));
    rl.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const msg = JSON.parse(line) as { ready?: boolean; url: string; port: number };
      if (msg.ready) {
        clearTimeout(timer);
        resolve(msg);
      }
    });
  });
  return { ...ready, profileDir, child };
}

/** Stops the host; `keepLogAs` copies its main.log to test-results/ first (the profile is then removed). */
export async function stopHostProcess(host: RunningHostProcess, keepLogAs?: string): Promise<void> {
  if (host.child.exitCode === null) {
    const exited = new Promise((r) => host.child.once('exit', r));
    host.child.kill('SIGTERM');
    await exited;
  }
  if (keepLogAs) {
    const log = path.join(host.profileDir, 'logs', 'main.log');
    if (fs.existsSync(log)) fs.copyFileSync(log, path.join('test-results', keepLogAs));
    fs.rmSync(host.profileDir, { recursive: true, force: true });
  }
}

export const test = base.extend<{}, { host: RunningHostProcess }>({
  host: [
    async ({}, use) => {
      const host = await startHostProcess();
      await use(host);
      await stopHostProcess(host);
    },
    { scope: 'worker' },
  ],
});

export const SHOTS = path.resolve('test-results/screenshots');
fs.mkdirSync(SHOTS, { recursive: true });
export const shot = (name: string) => path.join(SHOTS, `${name}.png`);
export { expect } from '@playwright/test';
