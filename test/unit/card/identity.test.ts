import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  capitalizeGivenName,
  formatDistinguishedName,
  identityFromCertificate,
  identityFromSubject,
  IdentityParseError,
  isIdNat,
  OID,
  parseDistinguishedName,
  splitLegacyCommonName,
} from '../../../main/auth/card/identity';

describe('parseDistinguishedName', () => {
  it('reads the CPS3 multi-valued RDN (RFC 4514 order)', () => {
    const rdns = parseDistinguishedName('CN=810002813839+SN=DUPONT+GN=MARIE, title=Médecin, C=FR');
    expect(rdns).toHaveLength(3);
    expect(rdns[0]).toEqual([
      { oid: OID.CN, value: '810002813839' },
      { oid: OID.SN, value: 'DUPONT' },
      { oid: OID.GN, value: 'MARIE' },
    ]);
    expect(rdns[1]).toEqual([{ oid: OID.title, value: 'Médecin' }]);
    expect(rdns[2]).toEqual([{ oid: OID.C, value: 'FR' }]);
  });

  it('reads the OpenSSL slash form', () => {
    const rdns = parseDistinguishedName('/C=FR/title=Médecin/CN=810001234567+SN=MARTIN+GN=ALICE');
    expect(rdns.map((r) => r.length)).toEqual([1, 1, 3]);
    expect(rdns[2]![0]).toEqual({ oid: OID.CN, value: '810001234567' });
  });

  it('handles escapes, hex escapes, quotes and dotted OIDs', () => {
    const rdns = parseDistinguishedName('CN=DE LA TOUR\\, JEAN, O="CABINET A+B", 2.5.4.12=M\\C3\\A9decin');
    expect(rdns[0]).toEqual([{ oid: OID.CN, value: 'DE LA TOUR, JEAN' }]);
    expect(rdns[1]).toEqual([{ oid: OID.O, value: 'CABINET A+B' }]);
    expect(rdns[2]).toEqual([{ oid: OID.title, value: 'Médecin' }]);
  });

  it('rejects unknown attribute names and malformed parts', () => {
    expect(() => parseDistinguishedName('XYZ=1')).toThrow(/unknown attribute/);
    expect(() => parseDistinguishedName('CN')).toThrow(/malformed/);
  });
});

describe('identityFromSubject', () => {
  it('new shape: IdNat in CN, names in SN/GN, profession in title', () => {
    const id = identityFromSubject(parseDistinguishedName('CN=810002813839+SN=DUPONT+GN=MARIE, title=Médecin, C=FR'));
    expect(id).toEqual({
      idNat: '810002813839',
      familyName: 'DUPONT',
      givenName: 'MARIE',
      displayName: 'Marie DUPONT',
      profession: 'Médecin',
      shape: 'cps3',
    });
  });

  it('new shape in DER order gives the same identity', () => {
    const a = identityFromSubject(parseDistinguishedName('CN=810002813839+SN=DUPONT+GN=MARIE, title=Médecin, C=FR'));
    const b = identityFromSubject(parseDistinguishedName('C=FR, title=Médecin, GN=MARIE+SN=DUPONT+CN=810002813839'));
    expect(b).toEqual(a);
  });

  it('old shape: name in CN, IdNat in serialNumber', () => {
    const id = identityFromSubject(parseDistinguishedName('CN=DUPONT MARIE, serialNumber=810002813839, OU=10B0001234, O=CABINET DUPONT, C=FR'));
    expect(id).toMatchObject({ idNat: '810002813839', familyName: 'DUPONT', givenName: 'MARIE', displayName: 'Marie DUPONT', shape: 'legacy', profession: null });
  });

  it('old shape with SN/GN present prefers them over the CN split', () => {
    const id = identityFromSubject(parseDistinguishedName('CN=DE LA TOUR JEAN-PIERRE, SN=DE LA TOUR, GN=JEAN-PIERRE, serialNumber=0991234567'));
    expect(id).toMatchObject({ idNat: '0991234567', familyName: 'DE LA TOUR', givenName: 'JEAN-PIERRE', displayName: 'Jean-Pierre DE LA TOUR' });
  });

  it('returns null when no IdNat can be found', () => {
    expect(identityFromSubject(parseDistinguishedName('CN=DUPONT MARIE, OU=Cabinet, C=FR'))).toBeNull();
    expect(identityFromSubject(parseDistinguishedName('CN=server.example.org'))).toBeNull();
    expect(identityFromSubject([])).toBeNull();
  });
});

describe('helpers', () => {
  it('isIdNat', () => {
    expect(isIdNat('810002813839')).toBe(true);
    expect(isIdNat('0991234567')).toBe(true);
    expect(isIdNat('3130001234/12345')).toBe(true);
    expect(isIdNat('DUPONT MARIE')).toBe(false);
    expect(isIdNat('12345')).toBe(false);
  });

  it('splitLegacyCommonName', () => {
    expect(splitLegacyCommonName('DUPONT MARIE')).toEqual({ familyName: 'DUPONT', givenName: 'MARIE' });
    expect(splitLegacyCommonName('DE LA TOUR Jean Pierre')).toEqual({ familyName: 'DE LA TOUR', givenName: 'Jean Pierre' });
    expect(splitLegacyCommonName('DUPONT')).toEqual({ familyName: 'DUPONT', givenName: '' });
  });

  it('capitalizeGivenName', () => {
    expect(capitalizeGivenName('MARIE-ANNE')).toBe('Marie-Anne');
    expect(capitalizeGivenName('ÉLODIE')).toBe('Élodie');
  });

  it('formatDistinguishedName puts the most specific RDN first, CN+SN+GN in that order', () => {
    const der = parseDistinguishedName('C=FR, title=Médecin, GN=MARIE+SN=DUPONT+CN=810002813839');
    expect(formatDistinguishedName(der)).toBe('CN=810002813839+SN=DUPONT+GN=MARIE, title=Médecin, C=FR');
    expect(formatDistinguishedName(parseDistinguishedName('CN=A\\, B'))).toBe('CN=A\\, B');
  });
});

describe('identityFromCertificate', () => {
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  let keys: CryptoKeyPair;

  beforeAll(async () => {
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  });

  async function makeCert(name: x509.JsonName | string, notBefore: Date, notAfter: Date): Promise<Uint8Array> {
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '1a2b3c',
      name: typeof name === 'string' ? name : new x509.Name(name).toString(),
      notBefore,
      notAfter,
      signingAlgorithm: alg,
      keys,
    });
    return new Uint8Array(cert.rawData);
  }

  const day = 86400_000;
  const now = new Date('2026-06-01T00:00:00Z');

  it('new shape certificate (multi-valued RDN, UTF-8 title)', async () => {
    const der = await makeCert(
      [{ C: ['FR'] }, { T: ['Médecin'] }, { CN: ['810002813839'], SN: ['DUPONT'], G: ['MARIE'] }],
      new Date(now.getTime() - day),
      new Date(now.getTime() + 365 * day),
    );
    const id = identityFromCertificate(der, now);
    expect(id).toMatchObject({ idNat: '810002813839', familyName: 'DUPONT', givenName: 'MARIE', profession: 'Médecin', shape: 'cps3', expired: false, notYetValid: false });
    expect(id.subject).toBe('CN=810002813839+SN=DUPONT+GN=MARIE, title=Médecin, C=FR');
    expect(id.serialNumber).toBe('1A2B3C');
    expect(Buffer.from(id.der).equals(Buffer.from(der))).toBe(true);
    expect(id.notAfter.getTime()).toBe(Math.floor((now.getTime() + 365 * day) / 1000) * 1000);
  });

  it('old shape certificate, expired', async () => {
    const der = await makeCert(
      [{ C: ['FR'] }, { O: ['CABINET DUPONT'] }, { OU: ['10B0001234'] }, { '2.5.4.5': ['810002813839'] }, { CN: ['DUPONT MARIE'] }],
      new Date(now.getTime() - 800 * day),
      new Date(now.getTime() - day),
    );
    const id = identityFromCertificate(der, now);
    expect(id).toMatchObject({ idNat: '810002813839', familyName: 'DUPONT', givenName: 'MARIE', shape: 'legacy', expired: true });
  });

  it('throws IdentityParseError for garbage and for a certificate without IdNat', async () => {
    expect(() => identityFromCertificate(new Uint8Array([1, 2, 3]))).toThrow(IdentityParseError);
    const der = await makeCert([{ CN: ['www.example.org'] }], new Date(now.getTime() - day), new Date(now.getTime() + day));
    expect(() => identityFromCertificate(der, now)).toThrow(/IdNat/);
  });
});
