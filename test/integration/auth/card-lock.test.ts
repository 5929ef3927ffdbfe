// Card removal locks the PSC session; only the same person's card + PIN unlocks it. Real SoftHSM cards
// (private temp dir, CardService presence watcher), real sandbox PSC (ephemeral ports), real keychain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardService } from '../../../main/auth/card/card-service';
import { PscClient } from '../../../main/auth/psc';
import { lockOnCardRemoval, SessionManager, unlockWithCard } from '../../../main/auth/session';
import { KeytarSecretStore } from '../../../main/secrets';
import { CARD_PIN, PEOPLE, SOFTHSM_MODULE } from '../../../sandbox/config';
import { insertCard, removeCard } from '../../../sandbox/card/reader';
import { cardSlot, makeCardSandbox, nextEvent, startService } from '../card/helpers';
import { startTestSandbox, type TestSandbox } from '../psc/helpers';
import { approveCiba, MemoryAuditSink, pscSettings } from './helpers';
import { haveKeyringTools, startPrivateKeyring, type PrivateKeyring } from './private-keyring';

const ALICE = PEOPLE[0]!;
const BOB = PEOPLE[1]!;

let sb: TestSandbox;
let keyring: PrivateKeyring;
let card: CardService;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  keyring = await startPrivateKeyring();
  sb = await startTestSandbox({ cibaIntervalSeconds: 1 });
  ({ dir, cleanup } = await makeCardSandbox());
  insertCard(ALICE.idNat, { dir });
  card = await startService({ modulePath: SOFTHSM_MODULE });
  await card.watch();
});

afterAll(async () => {
  await card?.close();
  cleanup?.();
  await sb?.close();
  keyring?.stop();
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!haveKeyringTools())('card presence locks the session', () => {
  it('removal locks; another person cannot unlock; a wrong PIN does not; the holder with PIN does', async () => {
    const audit = new MemoryAuditSink();
    const session = new SessionManager({ psc: await PscClient.connect(pscSettings(sb.issuer)), secrets: new KeytarSecretStore(), audit });
    const login = await session.loginWithCiba({ idNat: ALICE.idNat, channel: 'CARD' });
    await approveCiba(sb.control, ALICE.idNat, login.bindingMessage);
    expect(await login.done).toBe('approved');
    const stop = lockOnCardRemoval(session, card);

    const removed = nextEvent(card, 'removed');
    removeCard({ dir });
    await removed;
    await waitFor(() => session.current.status === 'locked');
    expect(session.current).toMatchObject({ status: 'locked', reason: 'card-removed', identity: { idNat: ALICE.idNat } });
    await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'locked' });

    let inserted = nextEvent(card, 'inserted');
    insertCard(BOB.idNat, { dir });
    await inserted;
    await expect(unlockWithCard(session, card, await cardSlot(card), CARD_PIN)).rejects.toMatchObject({ code: 'wrong-person' });
    expect(session.current.status).toBe('locked');

    const gone = nextEvent(card, 'removed');
    removeCard({ dir });
    await gone;
    inserted = nextEvent(card, 'inserted');
    insertCard(ALICE.idNat, { dir });
    await inserted;
    const slot = await cardSlot(card);
    const wrong = await unlockWithCard(session, card, slot, '0000');
    expect(wrong).toMatchObject({ ok: false, login: { ok: false, reason: 'wrong-pin' } });
    expect(session.current.status).toBe('locked');

    const ok = await unlockWithCard(session, card, slot, CARD_PIN);
    expect(ok).toMatchObject({ ok: true, state: { status: 'active', identity: { idNat: ALICE.idNat } } });
    expect(await sb.introspect(await session.getAccessToken())).toMatchObject({ active: true, sub: ALICE.idNat });
    expect(audit.actions()).toEqual(['login:success', 'lock:success', 'unlock:success']);
    stop();
    await session.logout();
  });
});
