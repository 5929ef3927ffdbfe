// The operator's cap (10 simultaneous IMAP sessions per person across all BALs) is never exceeded while
// the sync engine syncs the secretary's three delegated BALs and her rights are being confirmed.
import { afterEach, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../../main/sync/engine';
import type { EngineEvent } from '../../../main/sync/types';
import { CONNECTION_CAP, DOMAIN } from '../../../sandbox/config';
import { countConnections } from '../../../sandbox/control';
import { addAccount, mailboxService, type Profile, runtime, tempProfile, TokenSource, waitFor } from './helpers';

const SECRETARY = '810101234560';
const BALS = [`alice.martin@${DOMAIN}`, `cabinet.saint-roch@${DOMAIN}`, `accueil.centre-sante@${DOMAIN}`];

let profile: Profile | undefined;
let engine: SyncEngine | undefined;
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  profile?.close();
  profile = undefined;
});

describe('connection cap while syncing three BALs', () => {
  it(`stays at or under ${CONNECTION_CAP} sessions for the person`, { timeout: 150_000 }, async () => {
    // The cap is per person across the whole sandbox: other suites logged in as the secretary would share
    // it (run on a private sandbox then: SANDBOX_DIR=… SANDBOX_PORT_OFFSET=1000).
    // Room for this test (rights checks + 2 sessions per BAL) is needed; a couple elsewhere is fine.
    await waitFor(
      async () => (await countConnections(SECRETARY)) <= 2,
      60_000,
      'the secretary to have at most 2 sessions open elsewhere (another suite uses her account on this sandbox)',
    );
    const baseline = await countConnections(SECRETARY);
    profile = tempProfile();
    await addAccount(profile, BALS[1]!);
    const tokens = new TokenSource();
    const rights = mailboxService(profile, tokens);
    rights.as(SECRETARY);

    const rt = runtime();
    const caPem = rt.extraCa.map((b) => b.toString('utf8'));
    const events: EngineEvent[] = [];
    engine = new SyncEngine(profile.writer, async (bal, o) => ({ user: bal, auth: { kind: 'xoauth2', accessToken: await tokens.get(SECRETARY, o.forceRefresh) } }), {
      connectionBudget: CONNECTION_CAP,
    });
    engine.on((e) => events.push(e));

    // Sample the operator's count of the person's sessions (and the engine's own) all along.
    const samples: number[] = [];
    const engineSamples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await countConnections(SECRETARY));
        engineSamples.push(engine?.stats().connectionsOpen ?? 0);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const account = profile.accounts.get(BALS[1]!)!;
    const started = Date.now();
    const ids = BALS.map((address) =>
      engine!.start({
        address,
        type: 'PER',
        label: address,
        imap: { host: account.config.imap.host, port: account.config.imap.port, security: account.config.imap.security, caPem },
      }),
    );
    // The rights check of the same person runs meanwhile (a login while sync restarts).
    const confirmation = await rights.service.confirmRights(SECRETARY);
    expect(confirmation.confirmed.length).toBe(3);

    await waitFor(
      () => ids.every((id) => profile!.writer.getFolderByPath(id, 'INBOX')?.highestmodseq),
      60_000,
      'INBOX of the three BALs synced',
    );
    const inboxSynced = Date.now() - started;
    // Let background work (other folders, bodies) run a little while sampling.
    await new Promise((r) => setTimeout(r, 3000));
    sampling = false;
    await sampler;

    const max = Math.max(...samples);
    console.log(
      `[connection-cap] three BALs, INBOX synced in ${inboxSynced} ms; sessions of the person sampled ${samples.length}×: max ${max} (engine max ${Math.max(...engineSamples)}, ${baseline} elsewhere before), cap ${CONNECTION_CAP}`,
    );
    expect(max).toBeLessThanOrEqual(CONNECTION_CAP);
    expect(Math.max(...engineSamples)).toBeLessThanOrEqual(CONNECTION_CAP);
    // The samples saw the engine at work (a test that can fail: a sampler that sees nothing proves nothing).
    expect(max).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.type === 'authFailed' || e.type === 'error')).toEqual([]);
    expect(events.some((e) => e.type === 'connectivity' && !e.online)).toBe(false);
    for (const id of ids) expect(profile.reader.listMessages(profile.reader.getFolderByPath(id, 'INBOX')!.id, { limit: 1 }).length).toBe(1);
  });
});
