// `npm run doctor -- --json` piped into a slow reader: the whole report arrives, then the process exits.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('doctor output', () => {
  it('writes a large report completely to a pipe read late', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'helpers', 'print-big-report.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    // Read nothing until the child has filled the pipe and asked to exit (its output is still pending).
    child.stdout.pause();
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await new Promise((r) => setTimeout(r, 1500));
    child.stdout.resume();
    expect(await exited).toBe(0);
    const report = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { endpoints: unknown[] };
    expect(report.endpoints).toHaveLength(4000);
  });
});
