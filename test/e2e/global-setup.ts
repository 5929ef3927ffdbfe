// Playwright global setup: the sandbox operator must be up for the flows that use it (started here if
// needed, left running if it already was; stopped at the end only if started here).
import { ensureSandboxUp, sandboxDown } from '../../sandbox/control';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const { started } = await ensureSandboxUp();
  return async () => {
    if (started && !process.env.MSS_KEEP_SANDBOX) await sandboxDown();
  };
}
