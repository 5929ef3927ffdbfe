// The operator's per-person connection cap is enforced after the login (`* BYE [LIMIT] …`, see
// sandbox/README.md): the refusal must be told apart from a network drop and from bad credentials, so the
// app explains it in French and waits instead of refreshing the token or calling it offline for no reason.
// And the engine's budget is the only door: sending (Sent copy, drafts on the server) goes through it too,
// so the server never sees more of the person's connections than the budget, whatever the sending side does.
import type { ImapFlow } from 'imapflow';
import { afterAll, describe, expect, it } from 'vitest';
import { BALS, CONNECTION_CAP, PEOPLE } from '../../../sandbox/config';
import { countConnections } from '../../../sandbox/control';
import { ServerRefusedLoginError, buildClient, connectImap } from '../../../main/sync/connection';
import { issueToken } from '../../torture/send-harness';
import { ACCUEIL, ALICE, CABINET, CLAIRE, countOnServer, harness, startSync, waitFor } from '../send/helpers';
import { imapConfig, sessionCountingProxy } from './helpers';

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

describe('one door to the IMAP server', () => {
  it('sending (Sent copy, draft on the server) while the person syncs more BALs than the budget: never more connections than the budget', { timeout: 180_000 }, async () => {
    // Claire's three BALs with a budget of two: one BAL on screen, the others in rotation turns, and the
    // sending side asking the engine on top of that. Counted on the wire (every session from its greeting
    // to its end) and by the operator (the per-person count, sampled all along).
    const BUDGET = 2;
    const proxy = await sessionCountingProxy();
    const h = harness({ imapPort: proxy.port, connectionBudget: BUDGET });
    let sampling = true;
    let serverMax = 0;
    const sampler = (async () => {
      while (sampling) {
        serverMax = Math.max(serverMax, await countConnections(CLAIRE));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      const sync = await startSync(h, [CABINET, ALICE, ACCUEIL]);
      const s = h.service({ draftSyncDelayMs: 0 });
      const subject = `Budget ${Date.now().toString(36)}`;
      const { draftId } = await s.saveDraft({ bal: CABINET, to: [ALICE], cc: [], bcc: [], subject: `${subject} (brouillon)`, html: '', text: 'Brouillon', attachments: [], requestDsn: false, requestReadReceipt: false, patientNoReply: false });
      await s.syncDraft(draftId);
      const view = await s.send({ bal: CABINET, to: [ALICE], cc: [], bcc: [], subject, html: '<p>Bonjour</p>', text: '', attachments: [], requestDsn: false, requestReadReceipt: false, patientNoReply: false });
      await waitFor(async () => {
        await s.kick();
        return h.writer.getOutboxByMessageId(view.messageId)?.appendedToSent && s.drafts.entry(h.reader, draftId)?.syncedRevision === 1;
      }, 120_000, 500, 'sent, copied to Sent, draft on the server');
      expect(await countOnServer(CABINET, 'Sent', view.messageId)).toBe(1);
      // Every BAL synced meanwhile (rotation turns included).
      for (const bal of [CABINET, ALICE, ACCUEIL]) await waitFor(() => h.reader.getAccountByAddress(bal) && h.reader.getFolderByPath(h.reader.getAccountByAddress(bal)!.id, 'INBOX'), 60_000, 500, `${bal} synced`);
      await sync.stop();
    } finally {
      sampling = false;
      await sampler;
      await h.close();
      await proxy.close();
    }
    expect(proxy.maxOpen).toBeGreaterThan(0);
    expect(proxy.maxOpen).toBeLessThanOrEqual(BUDGET);
    expect(serverMax).toBeLessThanOrEqual(BUDGET);
  });
});
