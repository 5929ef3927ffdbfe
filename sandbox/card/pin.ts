// Sandbox-only card-side PIN helpers. The try counter itself lives in the PIN shim (pin-shim.c):
// SoftHSM has none. unblockCard() does what the Cryptolib CPS management tool does with the PUK:
// SO login with the PUK, then C_InitPIN with a new PIN, which the shim treats as "counter reset".
import fs from 'node:fs';
import path from 'node:path';
import { CARD_PIN, CARD_PUK } from '../config';
import { run } from '../util/exec';
import { cardLayout } from './layout';
import type { ReaderOptions } from './reader';

export async function unblockCard(idNat: string, opts: ReaderOptions & { newPin?: string } = {}): Promise<void> {
  const layout = cardLayout(opts.dir);
  if (!fs.existsSync(layout.shimModule)) throw new Error('PIN shim not built: run setup first');
  await run(
    'pkcs11-tool',
    ['--module', layout.shimModule, '--login', '--login-type', 'so', '--so-pin', CARD_PUK, '--init-pin', '--new-pin', opts.newPin ?? CARD_PIN],
    { env: { ...process.env, SOFTHSM2_CONF: layout.cardConf(idNat) } },
  );
}

/** Tries left as the shim counts them (3 when never counted). */
export function pinTriesLeft(idNat: string, opts: ReaderOptions = {}): number {
  const dir = cardLayout(opts.dir).cardDir(idNat);
  const f = fs.readdirSync(dir).find((n) => n.startsWith('pin-tries-'));
  if (!f) return 3;
  const n = Number(fs.readFileSync(path.join(dir, f), 'utf8').trim());
  return Number.isInteger(n) ? n : 3;
}
