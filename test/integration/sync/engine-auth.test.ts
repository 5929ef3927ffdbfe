// Token authentication against the sandbox (PSC-like provider + Dovecot introspection): XOAUTH2 is used by
// default even though OAUTHBEARER is advertised, OAUTHBEARER on request, and an expired token is refreshed
// once through the credentials callback.
import { afterEach, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../../main/sync/engine';
import type { CredentialsProvider, EngineEvent, ImapServerConfig } from '../../../main/sync/types';
import { PEOPLE } from '../../../sandbox/config';
import { pscControl, pscToken } from '../sandbox/helpers';
import { account, runCleanups, collect, deleteFolder, seedFolder, serverClient, tempStore, TEST_BAL, uniqueFolder, waitFor } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(() => runCleanups(cleanups));

const owner = PEOPLE.find((p) => p.rights.some((r) => r.bal === TEST_BAL.address && r.role === 'titulaire'))!;

async function run(folder: string, creds: CredentialsProvider, imap?: Partial<ImapServerConfig>) {
  const store = tempStore();
  cleanups.push(() => store.close());
  const events: EngineEvent[] = [];
  const engine = new SyncEngine(store.writer, creds, { connectionBudget: 1, backgroundBodies: false });
  engine.on(collect(events));
  cleanups.push(() => engine.stop());
  const a = account(folder);
  const accountId = engine.start({ ...a, imap: { ...a.imap, ...imap } });
  await waitFor(() => store.writer.getFolderByPath(accountId, folder)?.highestmodseq, 15_000, 'synced with a token');
  return { engine, events };
}

describe('sync engine with PSC access tokens', () => {
  it('uses XOAUTH2 by default, OAUTHBEARER when configured; refreshes an expired token once', async () => {
    const folder = uniqueFolder('token');
    const server = await serverClient();
    cleanups.push(async () => {
      await server.logout().catch(() => {});
      await deleteFolder(folder);
    });
    await seedFolder(server, folder, 2);

    const tokenCreds: CredentialsProvider = async (bal) => ({ user: bal, auth: { kind: 'xoauth2', accessToken: await pscToken(owner.idNat) } });
    const x = await run(folder, tokenCreds);
    expect(x.engine.stats().commands['AUTHENTICATE XOAUTH2']).toBe(1);
    expect(x.engine.stats().commands['AUTHENTICATE OAUTHBEARER']).toBeUndefined();

    const o = await run(folder, tokenCreds, { oauthMechanism: 'oauthbearer' });
    expect(o.engine.stats().commands['AUTHENTICATE OAUTHBEARER']).toBe(1);

    // A token the provider has expired: refused, refreshed once, accepted.
    const stale = await pscToken(owner.idNat);
    await pscControl('/__sandbox/expire', { idNat: owner.idNat });
    const asked: boolean[] = [];
    const refreshing: CredentialsProvider = async (bal, { forceRefresh }) => {
      asked.push(forceRefresh);
      return { user: bal, auth: { kind: 'xoauth2', accessToken: forceRefresh ? await pscToken(owner.idNat) : stale } };
    };
    const r = await run(folder, refreshing);
    expect(asked.slice(0, 2)).toEqual([false, true]);
    expect(r.engine.stats().commands['AUTHENTICATE XOAUTH2']).toBe(2);
    expect(r.events.some((e) => e.type === 'authFailed')).toBe(false);
  });
});
