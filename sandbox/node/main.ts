// Entry point of the sandbox's Node process (spawned by sandbox/cli.ts, or run standalone with
// `npx tsx sandbox/node/main.ts`): PSC-like provider, operator web endpoints, FHIR fixture.
// Prints one JSON line {"ready":true,...} once everything listens; exits cleanly on SIGTERM/SIGINT.
// Logs never contain tokens, secrets or message content.
import { startNodeServers } from './servers';

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function main(): Promise<void> {
  const servers = await startNodeServers({ log });
  console.log(
    JSON.stringify({
      ready: true,
      pid: process.pid,
      issuer: servers.issuer,
      urls: servers.urls,
      ports: servers.ports,
    }),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`node sandbox stopping (${signal})`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    servers.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: Error) => {
  console.error(`node sandbox failed to start: ${err.message}`);
  process.exit(1);
});
