// Child process of index-queue.test.ts: runs the Indexer on a cache with small rounds and prints one JSON
// line per progress report, until the test kills it (SIGKILL, mid-run).
//   tsx index-child.ts <db file> <key hex>
import { openWriter } from '../../../main/store/open-store';
import { Indexer } from '../../../main/sync/indexer';

const [file, keyHex] = process.argv.slice(2) as [string, string];
const writer = openWriter(file, keyHex);
const indexer = new Indexer(writer, (p) => process.stdout.write(`${JSON.stringify(p)}\n`), { extractBatch: 2, progressEveryMs: 0, idleMs: 50 });
indexer.start();
