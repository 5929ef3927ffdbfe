// Sandbox operator CLI:
//   npm run sandbox -- up [--fresh]     start everything (seed on first start or with --fresh), print status
//   npm run sandbox -- down             stop everything
//   npm run sandbox -- status           one JSON object
//   npm run sandbox -- seed             reset every BAL to the seed corpus
//   npm run sandbox -- seed --large <bal> <count> [--folder <name>] [--small]
import { runningState, sandboxDown, sandboxStatus, sandboxUp } from './control';
import { seedMain } from './seed';

async function main(): Promise<void> {
  const [cmd, ...rest] = process.argv.slice(2);
  const log = (l: string) => console.error(`[sandbox] ${l}`);
  switch (cmd) {
    case 'up': {
      const status = await sandboxUp({ fresh: rest.includes('--fresh'), log });
      console.log(JSON.stringify(status, null, 2));
      break;
    }
    case 'down':
      await sandboxDown();
      log('stopped');
      break;
    case 'status':
      console.log(JSON.stringify(await sandboxStatus()));
      break;
    case 'seed':
      if (!runningState().dovecot) throw new Error('the sandbox is not running: npm run sandbox -- up');
      await seedMain(rest);
      break;
    default:
      console.error('usage: npm run sandbox -- up [--fresh] | down | status | seed [--large <bal> <count> [--folder <name>]]');
      process.exit(2);
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`[sandbox] ${e.message}`);
    process.exit(1);
  },
);
