// Child of fetch-memory.test.ts: many refused autoconfiguration fetches, then the RSS growth after a forced GC.
import { fetchHttps } from '../../../../main/autoconfig/fetch-https';
import { startHttpsServer } from './https-server';
import { makeTestPki } from './test-pki';

const gc = (globalThis as { gc?: () => void }).gc!;
const pki = makeTestPki(['DNS:localhost']);
const srv = await startHttpsServer(pki);
const run = async (n: number) => {
  for (let i = 0; i < n; i++) await fetchHttps(`https://localhost:${srv.port}/absent`, { testMode: true, extraCa: [pki.caCert] }).catch(() => undefined);
};
await run(20);
gc();
const before = process.memoryUsage().rss;
await run(300);
gc();
const after = process.memoryUsage().rss;
await srv.close();
process.stdout.write(`${JSON.stringify({ growthMb: (after - before) / 1048576 })}\n`);
