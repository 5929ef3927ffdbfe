// CardService against real SoftHSM2 tokens shaped like CPS cards (sandbox/card), in a private temp dir.
// Two modules are exercised: SoftHSM itself, and the sandbox PIN shim (SoftHSM + CPS-like try counter,
// since SoftHSM never sets FINAL_TRY / LOCKED). Only one CardService is open at a time: both load the same
// libsofthsm2 into this process.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CardService } from '../../../main/auth/card/card-service';
import { CardError, cardMessage } from '../../../main/auth/card/messages';
import { CARD_PIN, PEOPLE, SOFTHSM_MODULE } from '../../../sandbox/config';
import { pinTriesLeft, unblockCard } from '../../../sandbox/card/pin';
import { insertCard, removeCard } from '../../../sandbox/card/reader';
import type { CardSandbox } from '../../../sandbox/card/setup';
import { cardSlot, makeCardSandbox, nextEvent, startService } from './helpers';

const [alice, bob] = PEOPLE.filter((p) => p.card) as [(typeof PEOPLE)[number], (typeof PEOPLE)[number]];
const pinBytes = (s: string) => new TextEncoder().encode(s);

let dir: string;
let sandbox: CardSandbox;
let cleanup: () => void;
let svc: CardService | null = null;

beforeAll(async () => {
  ({ dir, sandbox, cleanup } = await makeCardSandbox());
  expect(sandbox.shimModule).toBeTruthy();
});

afterEach(async () => {
  await svc?.close();
  svc = null;
});

afterAll(() => cleanup?.());

const cert = (file: string) => new crypto.X509Certificate(fs.readFileSync(file));

describe('CPS card on SoftHSM (module = libsofthsm2)', () => {
  it('lists readers with and without a card', async () => {
    removeCard({ dir });
    svc = await startService({ modulePath: SOFTHSM_MODULE });
    expect(svc.moduleInfo?.reinitializeOnPoll).toBe(true);
    let readers = await svc.listReaders();
    expect(readers.some((r) => r.hasCard)).toBe(false);
    await svc.close();

    insertCard(alice.idNat, { dir });
    svc = await startService({ modulePath: SOFTHSM_MODULE });
    readers = await svc.listReaders();
    const withCard = readers.filter((r) => r.hasCard);
    expect(withCard).toHaveLength(1);
    expect(withCard[0]!.token?.label).toBe(`CPS3 ${alice.idNat}`);
    expect(withCard[0]!.removable).toBe(true);
    // SoftHSM always adds one slot holding an uninitialised token: not a card
    expect(readers.some((r) => r.tokenPresent && !r.hasCard)).toBe(true);
  });

  it('reads the identity without PIN from the authentication certificate', async () => {
    insertCard(alice.idNat, { dir });
    svc = await startService({ modulePath: SOFTHSM_MODULE });
    const slot = await cardSlot(svc);
    const id = await svc.readIdentity(slot);
    expect(id).toMatchObject({
      idNat: alice.idNat,
      familyName: 'MARTIN',
      givenName: 'ALICE',
      displayName: 'Alice MARTIN',
      profession: 'Médecin',
      shape: 'cps3',
      expired: false,
      certificateId: '0120',
    });
    expect(id.subject).toBe(`CN=${alice.idNat}+SN=MARTIN+GN=ALICE, title=Médecin, C=FR`);
    const authCert = cert(sandbox.cards.find((c) => c.idNat === alice.idNat)!.authCert);
    expect(Buffer.from(id.der).equals(authCert.raw)).toBe(true);
    expect(id.serialNumber).toBe(authCert.serialNumber.toUpperCase());
    expect(id.notAfter.getTime()).toBe(new Date(authCert.validTo).getTime());
    // no session was logged in to do that
    await expect(svc.sign(slot, pinBytes('x'))).rejects.toMatchObject({ reason: 'not-logged-in' });
  });

  it('wrong PIN once: reported with the flags read back, not retried; then the right PIN logs in', async () => {
    insertCard(alice.idNat, { dir });
    svc = await startService({ modulePath: SOFTHSM_MODULE });
    const slot = await cardSlot(svc);
    expect((await svc.pinStatus(slot)).state).toBe('ok');
    const wrong = await svc.login(slot, pinBytes('0000'));
    expect(wrong).toMatchObject({ ok: false, reason: 'wrong-pin', countLow: true, finalTryNext: false });
    expect((await svc.pinStatus(slot)).countLow).toBe(true);
    const pin = pinBytes(CARD_PIN);
    const right = await svc.login(slot, pin);
    expect(right).toMatchObject({ ok: true, pinPad: false });
    expect(right.ok && right.pin.countLow).toBe(false);
    // the PIN buffer was handed over to the worker (transferred), nothing left here
    expect(pin.byteLength).toBe(0);
  });

  it('signs with the AUTHENTICATION key only (verifies with the auth certificate, not with the signature one)', async () => {
    insertCard(alice.idNat, { dir });
    svc = await startService({ modulePath: SOFTHSM_MODULE });
    const slot = await cardSlot(svc);
    expect((await svc.login(slot, CARD_PIN)).ok).toBe(true);
    const card = sandbox.cards.find((c) => c.idNat === alice.idNat)!;
    for (let i = 0; i < 3; i++) {
      const data = crypto.randomBytes(64);
      const r = await svc.sign(slot, data);
      expect(r.mechanism).toBe('CKM_SHA256_RSA_PKCS');
      expect(r.keyId.endsWith('20')).toBe(true);
      expect(r.keyLabel).toBe('CPS_PRIV_AUT');
      expect(crypto.verify('sha256', data, cert(card.authCert).publicKey, r.signature)).toBe(true);
      expect(crypto.verify('sha256', data, cert(card.signCert).publicKey, r.signature)).toBe(false);
    }
    await svc.logout(slot);
    await expect(svc.sign(slot, Buffer.from('after logout'))).rejects.toBeInstanceOf(CardError);
  });

  it('watcher: polls at most every second whatever is asked (removal seen within 2 s)', async () => {
    insertCard(alice.idNat, { dir });
    svc = await startService({ modulePath: SOFTHSM_MODULE, pollIntervalMs: 5000 });
    expect(svc.watchIntervalMs).toBe(1000);
    await svc.close();
    svc = await startService({ modulePath: SOFTHSM_MODULE, pollIntervalMs: 10 });
    expect(svc.watchIntervalMs).toBe(100);
  });

  it('watcher: removal seen at its next poll, a different card gives a different identity', async () => {
    insertCard(alice.idNat, { dir });
    svc = await startService({ modulePath: SOFTHSM_MODULE });
    const first = nextEvent(svc, 'inserted');
    await svc.watch();
    const ins = await first;
    expect(ins.args[0]).toMatchObject({ initial: true, identity: { idNat: alice.idNat } });

    const removed = nextEvent(svc, 'removed');
    removeCard({ dir });
    const rem = await removed;
    expect(rem.args[0]).toMatchObject({ hadSession: false, identity: { idNat: alice.idNat } });
    expect((await svc.listReaders()).some((r) => r.hasCard)).toBe(false);

    const inserted = nextEvent(svc, 'inserted');
    insertCard(bob.idNat, { dir });
    const ev = (await inserted).args[0];
    expect(ev.initial).toBe(false);
    expect(ev.identity.idNat).toBe(bob.idNat);
    expect(ev.identity.displayName).toBe('Bob DURAND');
    expect(ev.identity.idNat).not.toBe(ins.args[0].identity.idNat);
  });

  it('watcher: removing a logged-in card ends the session', async () => {
    insertCard(alice.idNat, { dir });
    svc = await startService({ modulePath: SOFTHSM_MODULE });
    const slot = await cardSlot(svc);
    expect((await svc.login(slot, CARD_PIN)).ok).toBe(true);
    await svc.watch();
    const removed = nextEvent(svc, 'removed');
    removeCard({ dir });
    const rem = await removed;
    expect(rem.args[0]).toMatchObject({ hadSession: true, identity: { idNat: alice.idNat } });
    await expect(svc.sign(slot, Buffer.from('x'))).rejects.toMatchObject({ reason: 'not-logged-in' });
    // swapping cards directly (Alice out, Bob in) is also seen
    insertCard(alice.idNat, { dir });
    await nextEvent(svc, 'inserted', undefined, (e) => e.identity.idNat === alice.idNat);
    const swapOut = nextEvent(svc, 'removed');
    const swapIn = nextEvent(svc, 'inserted', undefined, (e) => e.identity.idNat === bob.idNat);
    insertCard(bob.idNat, { dir });
    expect((await swapOut).args[0].identity?.idNat).toBe(alice.idNat);
    expect((await swapIn).args[0].identity.idNat).toBe(bob.idNat);
  });

  it('operations on a removed card fail with reason removed / no-card', async () => {
    insertCard(alice.idNat, { dir });
    svc = await startService({ modulePath: SOFTHSM_MODULE });
    const slot = await cardSlot(svc);
    removeCard({ dir });
    await expect(svc.readIdentity(slot)).rejects.toMatchObject({ reason: 'removed' });
    const r = await svc.login(slot, CARD_PIN);
    expect(r.ok).toBe(false);
    expect(!r.ok && ['removed', 'no-card'].includes(r.reason)).toBe(true);
  });
});

describe('PIN try counter (module = sandbox PIN shim over SoftHSM)', () => {
  it('one wrong PIN costs exactly one try; 3 block the card; a blocked card is not tried; PUK unblocks', async () => {
    insertCard(bob.idNat, { dir });
    svc = await startService({ modulePath: sandbox.shimModule! });
    const slot = await cardSlot(svc);
    expect(pinTriesLeft(bob.idNat, { dir })).toBe(3);

    const r1 = await svc.login(slot, '1111');
    expect(r1).toMatchObject({ ok: false, reason: 'wrong-pin', countLow: true, finalTryNext: false });
    expect(pinTriesLeft(bob.idNat, { dir })).toBe(2); // the app did not retry

    // malformed PIN: refused locally, the card is not touched
    expect(await svc.login(slot, '12a4')).toEqual({ ok: false, reason: 'pin-format' });
    expect(pinTriesLeft(bob.idNat, { dir })).toBe(2);

    const r2 = await svc.login(slot, '2222');
    expect(r2).toMatchObject({ ok: false, reason: 'wrong-pin', finalTryNext: true });
    expect((await svc.pinStatus(slot)).state).toBe('final-try');

    const r3 = await svc.login(slot, '3333');
    expect(r3).toMatchObject({ ok: false, reason: 'locked', justLocked: true });
    expect((await svc.pinStatus(slot)).locked).toBe(true);

    // even the right PIN is not sent to a card flagged locked
    const r4 = await svc.login(slot, CARD_PIN);
    expect(r4).toMatchObject({ ok: false, reason: 'locked', justLocked: false });
    expect(pinTriesLeft(bob.idNat, { dir })).toBe(0);
    expect(cardMessage('locked')).toMatch(/PUK/);
    await svc.close();
    svc = null;

    await unblockCard(bob.idNat, { dir });
    svc = await startService({ modulePath: sandbox.shimModule! });
    const slot2 = await cardSlot(svc);
    expect((await svc.pinStatus(slot2)).state).toBe('ok');
    expect((await svc.login(slot2, CARD_PIN)).ok).toBe(true);
  });
});

describe('PIN-pad reader (module = sandbox PIN shim emulating CKF_PROTECTED_AUTHENTICATION_PATH)', () => {
  afterEach(() => {
    delete process.env.CPS_SIM_PINPAD;
  });

  it('logs in with no PIN from the app (typed on the reader), reports a cancelled entry', async () => {
    insertCard(alice.idNat, { dir });
    svc = await startService({ modulePath: sandbox.shimModule! });
    const slot = await cardSlot(svc);
    // without a PIN pad, a null PIN is refused locally
    expect(await svc.login(slot, null)).toEqual({ ok: false, reason: 'pin-format' });

    process.env.CPS_SIM_PINPAD = 'cancel'; // the user presses "annuler" on the reader
    expect((await svc.pinStatus(slot)).pinPad).toBe(true);
    expect(await svc.login(slot, null)).toEqual({ ok: false, reason: 'cancelled' });
    expect(pinTriesLeft(alice.idNat, { dir })).toBe(3);

    process.env.CPS_SIM_PINPAD = CARD_PIN; // the user types the right PIN on the reader
    const r = await svc.login(slot, null);
    expect(r).toMatchObject({ ok: true, pinPad: true });
    const data = Buffer.from('pin pad proof');
    const s = await svc.sign(slot, data);
    expect(crypto.verify('sha256', data, cert(sandbox.cards.find((c) => c.idNat === alice.idNat)!.authCert).publicKey, s.signature)).toBe(true);
  });
});

describe('module problems', () => {
  it('missing module: CardError module-missing with the French text', async () => {
    const err = await startService({ modulePath: '/opt/santesocial/CPS/lib/does-not-exist.so' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CardError);
    expect((err as CardError).reason).toBe('module-missing');
    expect((err as CardError).message).toBe(
      'Le module de la carte CPS (Cryptolib CPS) est introuvable : installez-le ou indiquez son chemin dans les réglages.',
    );
  });

  it('a file that is not a PKCS#11 module: module-load-failed', async () => {
    const err = await startService({ modulePath: sandbox.softhsmConf }).catch((e: unknown) => e);
    expect((err as CardError).reason).toBe('module-load-failed');
  });
});
