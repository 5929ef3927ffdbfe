// npx tsx sandbox/card/cli.ts setup [--force] | insert <idNat> | remove | status | unblock <idNat>   [--dir <base>]
import { CARD_PIN, PEOPLE } from '../config';
import { pinTriesLeft, unblockCard } from './pin';
import { cardStatus, insertCard, removeCard } from './reader';
import { setupCards } from './setup';

function usage(): never {
  console.error('usage: tsx sandbox/card/cli.ts setup [--force] | insert <idNat> | remove | status | unblock <idNat>  [--dir <base>]');
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirIdx = args.indexOf('--dir');
  const dir = dirIdx >= 0 ? args[dirIdx + 1] : undefined;
  if (dirIdx >= 0) args.splice(dirIdx, 2);
  const [cmd, arg] = args;
  switch (cmd) {
    case 'setup': {
      const sb = await setupCards({ dir, force: args.includes('--force') });
      console.log(JSON.stringify({
        softhsmConf: sb.softhsmConf,
        module: sb.module,
        shimModule: sb.shimModule,
        pin: `${CARD_PIN.length} digits (sandbox/config.ts CARD_PIN)`,
        cards: sb.cards.map((c) => ({ idNat: c.idNat, tokenLabel: c.tokenLabel, authCert: c.authCert })),
        use: `export SOFTHSM2_CONF=${sb.softhsmConf}`,
      }, null, 2));
      break;
    }
    case 'insert': {
      if (!arg) usage();
      const id = PEOPLE.find((p) => p.idNat === arg || p.familyName.toLowerCase() === arg.toLowerCase())?.idNat ?? arg;
      insertCard(id, { dir });
      console.log(JSON.stringify(cardStatus({ dir })));
      break;
    }
    case 'remove':
      removeCard({ dir });
      console.log(JSON.stringify(cardStatus({ dir })));
      break;
    case 'status': {
      const st = cardStatus({ dir });
      const tries = Object.fromEntries(st.cards.map((id) => [id, pinTriesLeft(id, { dir })]));
      console.log(JSON.stringify({ ...st, pinTriesLeft: tries }, null, 2));
      break;
    }
    case 'unblock':
      if (!arg) usage();
      await unblockCard(arg, { dir });
      console.log(JSON.stringify({ unblocked: arg, pinTriesLeft: pinTriesLeft(arg, { dir }) }));
      break;
    default:
      usage();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
