import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openReader, openWriter } from '../../../main/store/open-store';
import { tempDir } from './helpers';

describe('writer in a worker thread', () => {
  it('writes from a worker (key passed in workerData) while the main thread reads', async () => {
    const dir = tempDir('worker-');
    const file = path.join(dir, 'cache.db');
    const keyHex = crypto.randomBytes(32).toString('hex');
    openWriter(file, keyHex).close(); // schema ready before the reader opens
    const reader = openReader(file, keyHex);
    try {
      const worker = new Worker(new URL('./worker-writer.ts', import.meta.url), { workerData: { file, keyHex }, execArgv: ['--import', 'tsx'] });
      const { folderId } = await new Promise<{ folderId: number }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      expect(reader.listMessages(folderId).map((m) => m.subject)).toEqual(['Depuis le worker']);
    } finally {
      reader.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
