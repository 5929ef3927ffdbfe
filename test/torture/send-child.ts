// Child process of the send crash runs: the real OutboxSender over an existing encrypted cache.
//   tsx send-child.ts <dbFile> <keyHex> [enqueue N tag]
// Queues N messages once (marker file), then runs sender passes until every item is sent and copied to
// Sent; prints {"ready"}, {"queued": n}, {"settled": true}. The parent kills it with SIGKILL at any point.
import fs from 'node:fs';
import { openReader, openWriter } from '../../main/store/open-store';
import { enqueue, makeSender, outboxSettled } from './send-harness';
import { sleep } from './lib';

const [dbFile, keyHex, n, tag] = process.argv.slice(2) as [string, string, string | undefined, string | undefined];
const say = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');

async function main(): Promise<void> {
  const writer = openWriter(dbFile, keyHex);
  const reader = openReader(dbFile, keyHex);
  const { sender } = makeSender({ reader, writer });
  process.on('SIGTERM', () => process.exit(0));
  say({ ready: true });
  const marker = `${dbFile}.queued`;
  if (n && tag && !fs.existsSync(marker)) {
    const ids = writer.transaction(() => enqueue(writer, Number(n), tag));
    fs.writeFileSync(marker, JSON.stringify(ids));
    say({ queued: ids.length });
  }
  for (;;) {
    await sender.kick();
    if (outboxSettled(reader)) {
      say({ settled: true });
      break;
    }
    await sleep(200);
  }
  for (;;) await sleep(1000);
}

main().catch((e: unknown) => {
  process.stderr.write(`send child failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
