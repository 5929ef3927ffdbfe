// Shared set-up for the card integration tests: private SoftHSM cards in a temp dir (never the running
// sandbox's PATHS.card), certificates from the sandbox CA.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CardService, type CardServiceEvents, type CardServiceOptions } from '../../../main/auth/card/card-service';
import { setupCards, type CardSandbox } from '../../../sandbox/card/setup';

export async function makeCardSandbox(): Promise<{ dir: string; sandbox: CardSandbox; cleanup: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'card-it-'));
  const sandbox = await setupCards({ dir, certTag: 'it' });
  // SoftHSM reads SOFTHSM2_CONF in C_Initialize (from the real process environment, shared with workers)
  process.env.SOFTHSM2_CONF = sandbox.softhsmConf;
  return { dir, sandbox, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function startService(opts: CardServiceOptions): Promise<CardService> {
  return CardService.start({ pollIntervalMs: 500, ...opts });
}

/**
 * How long to wait for a card event before calling it missing: a guard against a hang, not a latency
 * measure (a loaded machine may be slow; how soon removal is seen is the poll interval, checked on its own).
 */
export const EVENT_WAIT_MS = 30_000;

/** Resolves with the next event of this type, rejects after timeoutMs. */
export function nextEvent<K extends keyof CardServiceEvents>(
  svc: CardService,
  type: K,
  timeoutMs: number = EVENT_WAIT_MS,
  filter: (...args: CardServiceEvents[K]) => boolean = () => true,
): Promise<{ args: CardServiceEvents[K] }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      svc.off(type, listener as never);
      reject(new Error(`no '${String(type)}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: CardServiceEvents[K]) => {
      if (!filter(...args)) return;
      clearTimeout(timer);
      svc.off(type, listener as never);
      resolve({ args });
    };
    svc.on(type, listener as never);
  });
}

export async function cardSlot(svc: CardService): Promise<string> {
  const r = (await svc.listReaders()).find((x) => x.hasCard);
  if (!r) throw new Error('no card in any reader');
  return r.slotId;
}
