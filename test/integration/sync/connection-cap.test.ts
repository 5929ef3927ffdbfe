// The operator's per-person connection cap is enforced after the login (`* BYE [LIMIT] …`, see
// sandbox/README.md): the refusal must be told apart from a network drop and from bad credentials, so the
// app explains it in French and waits instead of refreshing the token or calling it offline for no reason.
import type { ImapFlow } from 'imapflow';
import { afterAll, describe, expect, it } from 'vitest';
import { BALS, CONNECTION_CAP, PEOPLE } from '../../../sandbox/config';
import { countConnections } from '../../../sandbox/control';
import { ServerRefusedLoginError, buildClient, connectImap } from '../../../main/sync/connection';
import { issueToken } from '../../torture/send-harness';
import { imapConfig } from './helpers';

const BOB = PEOPLE.find((p) => p.idNat === '810009876543')!; // Dr Bob DURAND: his BAL + cotitulaire of the cabinet
const bobBals = BALS.filter((b) => ['bob.durand@test.mssante.fr', 'cabinet.saint-roch@test.mssante.fr'].includes(b.address));
const hogs: ImapFlow[] = [];

afterAll(async () => {
  await Promise.all(hogs.map((c) => c.logout().catch(() => c.close())));
});

describe('per-person connection cap', () => {
  it('a login over the cap is a SERVER_LIMIT refusal (not a credentials error, not a drop), and works once a slot is free', async () => {
    const accessToken = await issueToken(BOB.idNat);
    for (let i = 0; i < CONNECTION_CAP * 2 && (await countConnections(BOB.idNat)) < CONNECTION_CAP; i++) {
      const c = buildClient(imapConfig(), { user: bobBals[i % bobBals.length]!.address, auth: { kind: 'xoauth2', accessToken } });
      try {
        await c.connect();
        hogs.push(c);
      } catch {
        c.close();
      }
    }
    expect(await countConnections(BOB.idNat)).toBeGreaterThanOrEqual(CONNECTION_CAP);
    const creds = async (bal: string) => ({ user: bal, auth: { kind: 'xoauth2' as const, accessToken } });
    const err = await connectImap(bobBals[0]!.address, imapConfig(), creds).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerRefusedLoginError);
    expect(err).toMatchObject({ code: 'SERVER_LIMIT' });

    await hogs.pop()!.logout();
    const client = await connectImap(bobBals[0]!.address, imapConfig(), creds);
    expect(client.authenticated).toBeTruthy();
    await client.logout();
  });
});
