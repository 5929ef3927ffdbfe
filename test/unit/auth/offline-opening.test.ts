// Offline opening through the real composition root (no network, no PSC configured): the local unlock code
// opens the person's confirmed BALs at once (mailboxes.changed on the offline path), the header state is
// "connecting" until known then offline, a wrong code is counted and said, a locked offline session is
// unlocked only by its person, and the code can be set only during an online session.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../../main/app/app-services';
import { AccountsFile } from '../../../main/accounts/accounts-file';
import { OfflineUnlock } from '../../../main/auth/offline/offline-unlock';
import { SECRET_SERVICE, SecretAccounts, UnprotectedFileSecretStore } from '../../../main/secrets';
import { DB_FILE, openWriter } from '../../../main/store/open-store';
import type { BalSummary, ConnectivityState, SessionInfo } from '../../../shared/types';

const CLAIRE = { idNat: '810101234560', givenName: 'Claire', familyName: 'PETIT', profession: 'Secrétaire médicale' };
const PAUL = { idNat: '810109876543', givenName: 'Paul', familyName: 'LEROY', profession: 'Secrétaire' };
const CAB = 'cabinet.saint-roch@test.mssante.fr';
const CODE = 'saint-roch-26';
const ctx = { sender: { kind: 'host' as const, connectionId: 't' } };
const config = (address: string) => ({
  address,
  imap: { host: 'imap.test.mssante.fr', port: 143, security: 'starttls' as const, username: address, auth: 'oauth2' as const },
  smtp: { host: 'smtp.test.mssante.fr', port: 587, security: 'starttls' as const, username: address, auth: 'oauth2' as const },
  connectionCap: 10,
});

let dir: string;
let s: AppServices;
let secrets: UnprotectedFileSecretStore;
const seen: Array<{ name: string; payload: unknown }> = [];

async function call<T>(name: string, ...args: unknown[]): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  return (await s.dispatcher.dispatch(ctx, name as never, args as never)) as never;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-offline-open-'));
  new AccountsFile(dir).upsert({ address: CAB, type: 'CAB', label: 'Cabinet Saint-Roch', config: config(CAB), discoveredFrom: null });
  secrets = new UnprotectedFileSecretStore({ file: path.join(dir, 'secrets.json'), userAcceptedRisk: true });
  s = await createAppServices({ host: 'browser', profileDir: dir, runtime: { testMode: true, extraCa: [], source: null }, secrets, openExternal: async () => true });
  seen.length = 0;
  s.events.subscribeAll((name, payload) => seen.push({ name, payload }));
  // What her last online login left: the operator's confirmation of her right, and her code.
  const keyHex = (await secrets.get(SECRET_SERVICE, SecretAccounts.cacheKey))!;
  const writer = openWriter(path.join(dir, 'cache', DB_FILE), keyHex);
  writer.setRights(CLAIRE.idNat, [{ bal: CAB, role: 'délégataire' }]);
  writer.close();
  const unlock = new OfflineUnlock({ secrets, cacheKeyHex: () => keyHex, kdf: { N: 1 << 12, r: 8, p: 1 } });
  await unlock.set(CLAIRE, CODE);
  await unlock.set(PAUL, 'paul-code-1');
}, 60_000); // a guard: the composition root starts the engine worker (the cache's writer) from its .ts source
afterEach(async () => {
  await s.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('offline opening', () => {
  it('status "connecting" at start; the code opens her BALs at once and the header says offline', async () => {
    const start = await call<ConnectivityState>('connectivity.get');
    expect(start).toMatchObject({ ok: true, value: { online: false, connecting: true } });
    expect(await call('session.get')).toEqual({ ok: true, value: null });

    const people = await call<Array<{ idNat: string }>>('auth.offlinePeople');
    expect(people.ok && people.value.map((p) => p.idNat)).toEqual([PAUL.idNat, CLAIRE.idNat]);

    const wrong = await call('auth.unlockOffline', { idNat: CLAIRE.idNat, code: 'pas-le-bon' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'offline.wrong-code' } });
    expect(!wrong.ok && wrong.error.message).toContain('Il reste 9 essais');

    const opened = await call<SessionInfo>('auth.unlockOffline', { idNat: CLAIRE.idNat, code: CODE });
    expect(opened).toMatchObject({ ok: true, value: { idNat: CLAIRE.idNat, method: 'LOCAL', offline: true, locked: false } });
    // Pushed to the page on the offline path (no reload needed): the BAL list and the state.
    const bals = seen.filter((e) => e.name === 'mailboxes.changed').map((e) => e.payload as BalSummary[]);
    expect(bals.at(-1)?.map((b) => [b.address, b.role])).toEqual([[CAB, 'délégataire']]);
    const conn = seen.filter((e) => e.name === 'connectivity.changed').map((e) => e.payload as ConnectivityState);
    expect(conn.at(-1)).toMatchObject({ online: false, reason: 'PSC_UNREACHABLE' });
    expect(conn.at(-1)?.connecting).toBeUndefined();
    expect(seen.some((e) => e.name === 'session.changed' && (e.payload as SessionInfo | null)?.offline === true)).toBe(true);
    expect(await call('mailboxes.list')).toMatchObject({ ok: true, value: [{ address: CAB }] });

    // The code is set only while PSC proves who she is.
    expect(await call('auth.setOfflineCode', { code: 'nouveau-code' })).toMatchObject({ ok: false, error: { code: 'offline.not-online' } });
  });

  it('a locked offline session is unlocked by its person only', async () => {
    expect((await call('auth.unlockOffline', { idNat: CLAIRE.idNat, code: CODE })).ok).toBe(true);
    expect(await call('auth.lock', { reason: 'user' })).toMatchObject({ ok: true, value: { locked: true, method: 'LOCAL' } });
    expect(await call('mailboxes.list')).toEqual({ ok: true, value: [] });

    // Paul's right code does not take over Claire's locked session (and costs him no try).
    expect(await call('auth.unlockOffline', { idNat: PAUL.idNat, code: 'paul-code-1' })).toMatchObject({ ok: false, error: { code: 'offline.wrong-person' } });
    const people = await call<Array<{ idNat: string; attemptsLeft: number }>>('auth.offlinePeople');
    expect(people.ok && people.value.find((p) => p.idNat === PAUL.idNat)?.attemptsLeft).toBe(10);

    expect(await call('auth.unlockOffline', { idNat: CLAIRE.idNat, code: CODE })).toMatchObject({ ok: true, value: { locked: false } });
    expect(await call('mailboxes.list')).toMatchObject({ ok: true, value: [{ address: CAB }] });

    // Sign out: the next person picks her own name.
    expect(await call('auth.logout')).toEqual({ ok: true, value: { loggedOut: true } });
    expect(await call('session.get')).toEqual({ ok: true, value: null });
    expect(await call('auth.unlockOffline', { idNat: PAUL.idNat, code: 'paul-code-1' })).toMatchObject({ ok: true, value: { idNat: PAUL.idNat } });
    // Paul holds no right on this workstation: he sees no BAL.
    expect(await call('mailboxes.list')).toEqual({ ok: true, value: [] });
  });

  it('the audit trail says who opened offline and how, and the wrong codes', async () => {
    await call('auth.unlockOffline', { idNat: CLAIRE.idNat, code: 'pas-le-bon' });
    await call('auth.unlockOffline', { idNat: CLAIRE.idNat, code: CODE });
    const rows = await call<Array<{ action: string; target: string | null; result: string }>>('audit.list', { bal: 'session' });
    expect(rows.ok).toBe(true);
    const session = rows.ok ? rows.value.filter((r) => r.target === 'local') : [];
    expect(session.map((r) => [r.action, r.result])).toEqual(expect.arrayContaining([['login-failed', 'error'], ['login', 'ok']]));
  });
});
