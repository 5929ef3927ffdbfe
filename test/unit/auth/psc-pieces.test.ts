import { describe, expect, it } from 'vitest';
import { randomBindingMessage } from '../../../main/auth/psc/binding-message';
import { discoveryUrls } from '../../../main/auth/psc/discovery';
import { PscError, toPscError } from '../../../main/auth/psc/errors';
import { displayName, identityFromClaims } from '../../../main/auth/psc/identity';

describe('binding message', () => {
  it('is always two digits, including leading zeros', () => {
    expect(randomBindingMessage(() => 7)).toBe('07');
    expect(randomBindingMessage(() => 0)).toBe('00');
    expect(randomBindingMessage(() => 99)).toBe('99');
    for (let i = 0; i < 500; i++) expect(randomBindingMessage()).toMatch(/^\d{2}$/);
  });
  it('is spread over 00..99', () => {
    const seen = new Set(Array.from({ length: 3000 }, () => randomBindingMessage()));
    expect(seen.size).toBeGreaterThan(90);
  });
});

describe('discoveryUrls', () => {
  it("tries the configured URL, then PSC's wallet name, then the standard name", () => {
    expect(discoveryUrls({ issuer: 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/' })).toEqual([
      'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/.well-known/wallet-openid-configuration',
      'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/.well-known/openid-configuration',
    ]);
    expect(discoveryUrls({ issuer: 'https://x/realm', discoveryUrl: 'https://x/realm/.well-known/openid-configuration' })).toEqual([
      'https://x/realm/.well-known/openid-configuration',
      'https://x/realm/.well-known/wallet-openid-configuration',
    ]);
  });
});

describe('identityFromClaims', () => {
  const claims = {
    sub: '810001234567',
    SubjectNameID: '810001234567',
    preferred_username: '810001234567',
    given_name: 'Alice',
    family_name: 'MARTIN',
    authMode: 'CARD',
    SubjectRefPro: { exercices: [{ libelleProfession: 'Médecin' }, { libelleProfession: 'Médecin' }] },
  };
  it('reads PSC claim names', () => {
    const id = identityFromClaims(claims);
    expect(id).toMatchObject({ idNat: '810001234567', givenName: 'Alice', familyName: 'MARTIN', authMode: 'CARD', professions: ['Médecin'] });
    expect(displayName(id)).toBe('Alice MARTIN');
  });
  it('completes the ID token with userinfo without overriding it', () => {
    const id = identityFromClaims({ sub: '810001234567', SubjectNameID: '810001234567' }, { ...claims, given_name: 'Autre' });
    expect(id.givenName).toBe('Autre');
    expect(id.idNat).toBe('810001234567');
  });
  it('refuses a missing or inconsistent IdNat', () => {
    expect(() => identityFromClaims({ sub: 'abc' })).toThrow(PscError);
    expect(() => identityFromClaims({ SubjectNameID: '810001234567' }, { preferred_username: '810009876543' })).toThrow(/incohérents/);
  });
});

describe('toPscError', () => {
  it('maps OAuth error codes, including those in a WWW-Authenticate challenge', () => {
    expect(toPscError({ error: 'invalid_grant' }).code).toBe('refresh-refused');
    expect(toPscError({ error: 'access_denied' }).code).toBe('login-denied');
    expect(toPscError({ cause: [{ scheme: 'basic', parameters: { error: 'invalid_client' } }] }).code).toBe('invalid-client');
    expect(toPscError({ error: 'unknown_user_id' }).message).toMatch(/RPPS ou ADELI.*500000001815646\/CPAT00045/);
  });
  it('recognises certificate and network failures', () => {
    expect(toPscError(Object.assign(new Error('x'), { cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } })).code).toBe('tls');
    expect(toPscError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).code).toBe('network');
    expect(toPscError(new Error('other')).code).toBe('server');
  });
});
