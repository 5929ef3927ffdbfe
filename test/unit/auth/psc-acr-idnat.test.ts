import { describe, expect, it } from 'vitest';
import { acrSatisfies, checkAcr } from '../../../main/auth/psc/acr';
import { PscError } from '../../../main/auth/psc/errors';
import { formatIdNat, parseIdNat } from '../../../main/auth/psc/idnat';
import { identityFromClaims } from '../../../main/auth/psc/identity';

describe('acr levels', () => {
  it('accepts the level asked or a stronger one (card login answering eidas3 to eidas1)', () => {
    expect(acrSatisfies('eidas1', 'eidas1')).toBe(true);
    expect(acrSatisfies('eidas1', 'eidas3')).toBe(true);
    expect(acrSatisfies('eidas2', 'eidas3')).toBe(true);
    expect(() => checkAcr('eidas1', { acr: 'eidas3' })).not.toThrow();
    expect(() => checkAcr('eidas1', {})).not.toThrow();
  });

  it('refuses a weaker or unknown level', () => {
    expect(acrSatisfies('eidas3', 'eidas1')).toBe(false);
    expect(acrSatisfies('eidas1', 'loa-unknown')).toBe(false);
    expect(() => checkAcr('eidas3', { acr: 'eidas1' })).toThrow(PscError);
    expect(() => checkAcr('eidas1', { acr: 42 })).toThrow(/niveau de sécurité/);
  });
});

describe('IdNat forms', () => {
  it('parses person forms 8 + RPPS and 0 + ADELI', () => {
    expect(parseIdNat('810001234567')).toMatchObject({ kind: 'rpps', identifier: '10001234567' });
    expect(parseIdNat('0123456789')).toMatchObject({ kind: 'adeli', identifier: '123456789' });
    expect(formatIdNat('810001234567')).toBe('RPPS 10001234567');
  });

  it('parses structure forms with "/" and a local id', () => {
    expect(parseIdNat('500000001815646/CPAT00045')).toEqual({ idNat: '500000001815646/CPAT00045', kind: 'siret', identifier: '00000001815646', localId: 'CPAT00045' });
    expect(parseIdNat('3750000001/00012')).toMatchObject({ kind: 'finess-legal', identifier: '750000001', localId: '00012' });
    expect(parseIdNat('1750712184/A1')).toMatchObject({ kind: 'finess' });
    expect(parseIdNat('4123456789/X')).toMatchObject({ kind: 'siren' });
    expect(parseIdNat('610001234567/INT-7')).toMatchObject({ kind: 'rpps-cabinet', localId: 'INT-7' });
    expect(formatIdNat('500000001815646/CPAT00045')).toBe('SIRET 00000001815646 · CPAT00045');
  });

  it('rejects what is not an IdNat', () => {
    for (const bad of ['', 'abc', '2123456789', '9123456789', '5000/', '500000001815646/a b', '500000001815646/a/b', '8123']) {
      expect(parseIdNat(bad), bad).toBeUndefined();
    }
    expect(formatIdNat('abc')).toBe('abc');
  });

  it('token path: an ID token naming a structure-form IdNat gives an identity', () => {
    const id = identityFromClaims({ sub: '500000001815646/CPAT00045', SubjectNameID: '500000001815646/CPAT00045', given_name: 'Alex' });
    expect(id.idNat).toBe('500000001815646/CPAT00045');
    expect(() => identityFromClaims({ SubjectNameID: '2123456789' })).toThrow(PscError);
  });
});

describe('short PSC access tokens (60-120 s): refresh from expires_in', () => {
  it('schedules the refresh inside each lifetime, before expiry', async () => {
    const { refreshAt } = await import('../../../main/auth/session/token-schedule');
    const t0 = 1_000_000;
    for (const seconds of [60, 90, 120]) {
      const at = refreshAt({ obtainedAt: t0, expiresAt: t0 + seconds * 1000 });
      expect(at).toBeGreaterThan(t0);
      expect(at).toBeLessThan(t0 + seconds * 1000);
    }
    expect(refreshAt({ obtainedAt: t0, expiresAt: t0 + 60_000 })).toBe(t0 + 48_000);
    expect(refreshAt({ obtainedAt: t0, expiresAt: t0 + 120_000 })).toBe(t0 + 60_000);
  });
});
