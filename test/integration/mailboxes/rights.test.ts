// Offline rights per person, confirmed by the operator: the secretary opens the three BALs delegated to
// her with one token and is refused on Dr DURAND's; Alice's and the secretary's rights stay apart; a
// delegation withdrawn at the operator disappears at the next login (cache sealed or purged).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN } from '../../../sandbox/config';
import { resetDelegations, setDelegation } from '../../../sandbox/control';
import { addAccount, mailboxService, type Profile, tempProfile, TokenSource } from './helpers';

const SECRETARY = '810101234560';
const ALICE = '810001234567';
const PAUL = '810005555555';
const alice = `alice.martin@${DOMAIN}`;
const cabinet = `cabinet.saint-roch@${DOMAIN}`;
const accueil = `accueil.centre-sante@${DOMAIN}`;
const bob = `bob.durand@${DOMAIN}`;
const addresses = (list: Array<{ address: string }> | Array<{ bal: string }>) =>
  list.map((x) => ('address' in x ? x.address : x.bal).toLowerCase()).sort();

let profile: Profile;
beforeAll(async () => {
  await resetDelegations();
});
afterEach(() => profile?.close());
afterAll(async () => {
  await resetDelegations();
});

describe('rights confirmed by the operator', () => {
  it('the secretary confirms her three delegated BALs with one token and is refused on the fourth', async () => {
    profile = tempProfile();
    await addAccount(profile, cabinet);
    await addAccount(profile, bob);
    const tokens = new TokenSource();
    const { service, as } = mailboxService(profile, tokens);
    as(SECRETARY);

    const result = await service.confirmRights(SECRETARY);

    // The operator's listing brought Alice's PER and the centre's ORG; the real logins confirmed all three.
    expect(addresses(result.confirmed)).toEqual([accueil, alice, cabinet].sort());
    expect(result.confirmed.every((c) => c.role === 'délégataire')).toBe(true);
    expect(result.refused).toEqual([{ bal: bob, reason: 'no-rights', cguUrl: expect.stringMatching(/^https:\/\/.+\/cgu$/) }]);
    expect(result.unreachable).toEqual([]);
    // One token opened the three BALs; only the refused one asked for a fresh token (retry-once policy).
    expect(tokens.logins.filter((l) => !l.forced).map((l) => l.bal.toLowerCase()).sort()).toEqual([accueil, alice, bob, cabinet].sort());
    expect(tokens.logins.filter((l) => l.forced).map((l) => l.bal)).toEqual([bob]);
    expect(tokens.issued.get(SECRETARY)).toBe(2);

    const list = service.list(SECRETARY);
    // Sorted by label (French collation), with the type and name the operator's listing gave.
    expect(list.map((b) => `${b.type} ${b.role} ${b.address}`)).toEqual([
      `CAB délégataire ${cabinet}`,
      `ORG délégataire ${accueil}`,
      `PER délégataire ${alice}`,
    ]);
    expect(addresses(list)).toEqual([accueil, alice, cabinet].sort());
    expect(list.every((b) => b.confirmedAt !== null)).toBe(true);
    expect(service.refused(SECRETARY).map((r) => r.bal)).toEqual([bob]);
    expect(service.refused(ALICE)).toEqual([]);
    // A person with no right on any BAL gets nothing.
    as(PAUL);
    const paul = await service.confirmRights(PAUL);
    expect(paul.confirmed).toEqual([]);
    expect(addresses(paul.refused)).toEqual([accueil, alice, bob, cabinet].sort());
    expect(service.list(PAUL)).toEqual([]);
  });

  it("Alice's and the secretary's offline rights are separate", async () => {
    profile = tempProfile();
    await addAccount(profile, cabinet);
    await addAccount(profile, bob);
    const tokens = new TokenSource();
    const { service, as } = mailboxService(profile, tokens);

    as(SECRETARY);
    await service.confirmRights(SECRETARY);
    as(ALICE);
    const a = await service.confirmRights(ALICE);
    expect(addresses(a.confirmed)).toEqual([accueil, alice, cabinet].sort());
    expect(a.confirmed.every((c) => c.role === 'titulaire')).toBe(true);
    expect(a.refused.map((r) => r.bal)).toEqual([bob]);

    // Offline (no operator asked): each person sees only what the operator confirmed to them.
    const offline = mailboxService(profile, tokens).service;
    expect(offline.list(ALICE).map((b) => `${b.address}:${b.role}`).sort()).toEqual(
      [accueil, alice, cabinet].map((x) => `${x}:titulaire`).sort(),
    );
    expect(offline.list(SECRETARY).map((b) => `${b.address}:${b.role}`).sort()).toEqual(
      [accueil, alice, cabinet].map((x) => `${x}:délégataire`).sort(),
    );
    expect(offline.list(PAUL)).toEqual([]);
    expect(offline.list(null)).toEqual([]);
    // Bob logs in on this workstation too: his PER joins only his list.
    as('810009876543');
    const b = await service.confirmRights('810009876543');
    expect(addresses(b.confirmed)).toEqual([bob, cabinet].sort());
    expect(addresses(offline.list('810009876543'))).toEqual([bob, cabinet].sort());
    expect(addresses(offline.list(SECRETARY))).toEqual([accueil, alice, cabinet].sort());
    expect(addresses(offline.list(ALICE))).not.toContain(bob);
  });

  it('a delegation withdrawn at the operator is dropped at the next login; the cache stays sealed while someone holds the BAL, purged when nobody does', async () => {
    profile = tempProfile();
    await addAccount(profile, cabinet);
    const tokens = new TokenSource();
    const sut = mailboxService(profile, tokens);
    sut.as(SECRETARY);
    await sut.service.confirmRights(SECRETARY);
    // Cached mail of the centre's BAL (the account row stands for it).
    profile.writer.upsertAccount({ address: accueil, type: 'ORG', label: 'Accueil', config: {} });
    expect(profile.reader.getAccountByAddress(accueil)).not.toBeNull();

    try {
      await setDelegation(SECRETARY, accueil, null);
      const tokensAfter = new TokenSource();
      const after = mailboxService(profile, tokensAfter);
      after.as(SECRETARY);
      const r = await after.service.confirmRights(SECRETARY);
      expect(r.withdrawn).toEqual([accueil]);
      expect(r.refused.find((x) => x.bal === accueil)?.reason).toBe('no-rights');
      expect(addresses(after.service.list(SECRETARY))).toEqual([alice, cabinet].sort());
      // Nobody else on this workstation holds it: purged.
      expect(after.purged).toEqual([accueil]);
      expect(profile.reader.getAccountByAddress(accueil)).toBeNull();
    } finally {
      await resetDelegations();
    }

    // Same again, but Alice (titulaire) also uses this workstation: the cache is kept, sealed for the secretary.
    const sut2 = mailboxService(profile, new TokenSource());
    sut2.as(SECRETARY);
    await sut2.service.confirmRights(SECRETARY);
    sut2.as(ALICE);
    await sut2.service.confirmRights(ALICE);
    profile.writer.upsertAccount({ address: accueil, type: 'ORG', label: 'Accueil', config: {} });
    try {
      await setDelegation(SECRETARY, accueil, null);
      const third = mailboxService(profile, new TokenSource());
      third.as(SECRETARY);
      const r = await third.service.confirmRights(SECRETARY);
      expect(r.withdrawn).toEqual([accueil]);
      expect(third.purged).toEqual([]);
      expect(profile.reader.getAccountByAddress(accueil)).not.toBeNull();
      expect(addresses(third.service.list(SECRETARY))).toEqual([alice, cabinet].sort());
      expect(addresses(third.service.list(ALICE))).toContain(accueil);
    } finally {
      await resetDelegations();
    }
    // Restored at the operator: the next login gives it back.
    const fourth = mailboxService(profile, new TokenSource());
    fourth.as(SECRETARY);
    const back = await fourth.service.confirmRights(SECRETARY);
    expect(addresses(back.confirmed)).toContain(accueil);
  });
});
