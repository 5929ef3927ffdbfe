// vitest globalSetup of the integration project: brings the sandbox operator up when it is not running,
// and tears it down at the end only if this run started it (an already running sandbox is left alone).
import { ensureSandboxUp, sandboxDown } from '../../sandbox/control';

let startedHere = false;

export async function setup(): Promise<void> {
  const t0 = Date.now();
  const { started } = await ensureSandboxUp({ log: (l) => console.log(`[sandbox] ${l}`) });
  startedHere = started;
  if (started) console.log(`[sandbox] started for this test run in ${Date.now() - t0} ms`);
}

export async function teardown(): Promise<void> {
  if (startedHere && !process.env.SANDBOX_KEEP) await sandboxDown();
}
