// Per-person IMAP connection cap (CONNECTION_CAP across all BALs of one IdNat, post-login script),
// connection counting, kick.
import type { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { CONNECTION_CAP, DOMAIN } from '../../../sandbox/config';
import { connectionsByBal, countConnections, kickUser } from '../../../sandbox/control';
import { imapClient, pscToken, waitFor } from './helpers';

const CLAIRE = '810101234560';
const CLAIRE_BALS = [`alice.martin@${DOMAIN}`, `cabinet.saint-roch@${DOMAIN}`, `accueil.centre-sante@${DOMAIN}`];

let open: ImapFlow[] = [];
afterEach(async () => {
  await Promise.all(open.map((c) => c.logout().catch(() => c.close())));
  open = [];
});

describe('connection cap per person', () => {
  it(`allows ${CONNECTION_CAP} sessions of one person across BALs, refuses the next, counts them`, async () => {
    const token = await pscToken(CLAIRE);
    await waitFor(async () => (await countConnections(CLAIRE)) === 0, 10_000);
    for (let i = 0; i < CONNECTION_CAP; i++) {
      const c = imapClient({ auth: { user: CLAIRE_BALS[i % CLAIRE_BALS.length]!, accessToken: token }, forceXOAUTH2: true });
      await c.connect();
      open.push(c);
    }
    expect(await countConnections(CLAIRE)).toBe(CONNECTION_CAP);
    const byBal = await connectionsByBal();
    expect(CLAIRE_BALS.reduce((n, b) => n + (byBal[b] ?? 0), 0)).toBeGreaterThanOrEqual(CONNECTION_CAP);

    const extra = imapClient({ auth: { user: CLAIRE_BALS[0]!, accessToken: token }, forceXOAUTH2: true });
    const refused = await extra
      .connect()
      .then(async () => {
        // the server may have said BYE right after login: any command then fails
        await extra.status('INBOX', { messages: true });
        return false;
      })
      .catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);

    // another person is not affected
    const bob = imapClient({ auth: { user: `cabinet.saint-roch@${DOMAIN}`, accessToken: await pscToken('810009876543') } });
    await bob.connect();
    open.push(bob);

    // closing one session frees a slot
    await open.shift()!.logout();
    await waitFor(async () => (await countConnections(CLAIRE)) < CONNECTION_CAP, 10_000, 100);
    const again = imapClient({ auth: { user: CLAIRE_BALS[1]!, accessToken: token }, forceXOAUTH2: true });
    await again.connect();
    open.push(again);
    expect(await countConnections(CLAIRE)).toBe(CONNECTION_CAP);
  });

  it('kickUser disconnects every session of a BAL', async () => {
    const token = await pscToken(CLAIRE);
    const c = imapClient({ auth: { user: CLAIRE_BALS[2]!, accessToken: token }, forceXOAUTH2: true });
    await c.connect();
    const closed = new Promise((r) => c.once('close', r));
    await kickUser(CLAIRE_BALS[2]!);
    await closed;
    await waitFor(async () => (await countConnections(CLAIRE)) === 0, 10_000, 100);
  });
});
