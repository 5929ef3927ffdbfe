import { describe, expect, it } from 'vitest';
import { AutoconfigError } from '../../../main/autoconfig/errors';
import { checkHttpsUrl, checkServerHost, isPrivateAddress, parseAddress, socketTypeToSecurity } from '../../../main/autoconfig/policy';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AutoconfigError);
    return (e as AutoconfigError).code;
  }
  return undefined;
}

describe('addresses', () => {
  it('accepts BAL addresses and lower-cases the domain', () => {
    expect(parseAddress('  Claire.Petit@Test.MSSante.fr ')).toEqual({ address: 'Claire.Petit@test.mssante.fr', localPart: 'Claire.Petit', domain: 'test.mssante.fr' });
  });
  it.each(['', 'alice', '@test.mssante.fr', 'alice@', 'alice@localhost', 'a b@test.mssante.fr', 'alice@test..fr', '.a@test.mssante.fr', 'alice@-x.fr'])(
    'refuses %j with a French message', (a) => {
      expect(code(() => parseAddress(a))).toBe('invalid-address');
    },
  );
});

describe('URLs', () => {
  it('accepts https', () => {
    expect(checkHttpsUrl('https://autoconfig.test.mssante.fr/mail/config-v1.1.xml').hostname).toBe('autoconfig.test.mssante.fr');
  });
  it('refuses http with a clear French message', () => {
    try {
      checkHttpsUrl('http://autoconfig.test.mssante.fr/mail/config-v1.1.xml');
      throw new Error('not refused');
    } catch (e) {
      expect((e as AutoconfigError).code).toBe('http-refused');
      expect((e as Error).message).toMatch(/n'est pas sécurisée \(http\).*https/);
    }
  });
  it.each(['ftp://x.fr/a', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'https://user:pw@x.mssante.fr/'])('refuses %j', (u) => {
    expect(code(() => checkHttpsUrl(u))).toBe('invalid-url');
  });
});

describe('addresses that must not be reached outside test mode', () => {
  it.each([
    '127.0.0.1', '127.8.9.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '198.18.0.1', '::1', '::', 'fe80::1', 'fd00::1', 'fc12::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1',
    '64:ff9b::10.0.0.1', '2001:db8::1',
  ])('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(['8.8.8.8', '193.51.24.1', '172.32.0.1', '2a01:cb00::1', '::ffff:8.8.8.8'])('%s is public', (ip) => expect(isPrivateAddress(ip)).toBe(false));
  it('refuses loopback server hosts unless in test mode', () => {
    expect(code(() => checkServerHost('127.0.0.1', false))).toBe('private-address');
    expect(checkServerHost('127.0.0.1', true)).toBe('127.0.0.1');
    expect(checkServerHost('IMAP.Example.MSSante.fr', false)).toBe('imap.example.mssante.fr');
  });
});

describe('socket types', () => {
  it('maps SSL/STARTTLS and refuses plain', () => {
    expect(socketTypeToSecurity('SSL')).toBe('tls');
    expect(socketTypeToSecurity('starttls')).toBe('starttls');
    expect(code(() => socketTypeToSecurity('plain'))).toBe('insecure-socket');
    expect(code(() => socketTypeToSecurity('none'))).toBe('config-invalid');
  });
});
