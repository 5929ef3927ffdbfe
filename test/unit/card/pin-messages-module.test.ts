import { describe, expect, it } from 'vitest';
import { CARD_MESSAGES_FR, CARD_REASONS, CardError, cardMessage } from '../../../main/auth/card/messages';
import { defaultModulePaths, resolveModulePath } from '../../../main/auth/card/module-path';
import {
  CKF_PROTECTED_AUTHENTICATION_PATH,
  CKF_TOKEN_INITIALIZED,
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_LOCKED,
} from '../../../main/auth/card/pkcs11-constants';
import { isPinWellFormed, pinStatusFromFlags, triesLeftHint } from '../../../main/auth/card/pin-status';

describe('pinStatusFromFlags', () => {
  it('maps the token flags to a tries state', () => {
    expect(pinStatusFromFlags(CKF_TOKEN_INITIALIZED).state).toBe('ok');
    expect(pinStatusFromFlags(CKF_TOKEN_INITIALIZED | CKF_USER_PIN_COUNT_LOW).state).toBe('count-low');
    expect(pinStatusFromFlags(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY).state).toBe('final-try');
    expect(pinStatusFromFlags(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_LOCKED).state).toBe('locked');
    expect(pinStatusFromFlags(CKF_PROTECTED_AUTHENTICATION_PATH).pinPad).toBe(true);
  });

  it('tries left hint for a 3-try card', () => {
    expect(triesLeftHint(pinStatusFromFlags(0))).toBe(3);
    expect(triesLeftHint(pinStatusFromFlags(CKF_USER_PIN_COUNT_LOW))).toBe(2);
    expect(triesLeftHint(pinStatusFromFlags(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY))).toBe(1);
    expect(triesLeftHint(pinStatusFromFlags(CKF_USER_PIN_LOCKED))).toBe(0);
  });

  it('checks the PIN format locally (4 to 8 digits)', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(isPinWellFormed(enc('1234'))).toBe(true);
    expect(isPinWellFormed(enc('123'))).toBe(false);
    expect(isPinWellFormed(enc('12a4'))).toBe(false);
    expect(isPinWellFormed(enc('123456789'))).toBe(false);
    expect(isPinWellFormed(enc('12345'), 6, 8)).toBe(false);
  });
});

describe('messages', () => {
  it('has a French text for every reason code', () => {
    for (const r of CARD_REASONS) expect(CARD_MESSAGES_FR[r].length).toBeGreaterThan(20);
    expect(Object.keys(CARD_MESSAGES_FR).sort()).toEqual([...CARD_REASONS].sort());
  });

  it('module missing text is the agreed one', () => {
    expect(cardMessage('module-missing')).toBe(
      'Le module de la carte CPS (Cryptolib CPS) est introuvable : installez-le ou indiquez son chemin dans les réglages.',
    );
  });

  it('locked text explains the PUK', () => {
    expect(cardMessage('locked')).toMatch(/PUK/);
    expect(cardMessage('locked')).toMatch(/bloquée/);
  });

  it('CardError carries reason, French message and a separate detail', () => {
    const e = new CardError('removed', 'CKR_DEVICE_REMOVED');
    expect(e.reason).toBe('removed');
    expect(e.message).toBe(CARD_MESSAGES_FR.removed);
    expect(e.detail).toBe('CKR_DEVICE_REMOVED');
  });
});

describe('module path', () => {
  it('defaults per OS to the Cryptolib CPS paths', () => {
    expect(defaultModulePaths('win32')).toEqual(['C:\\Windows\\System32\\cps3_pkcs11_w64.dll']);
    expect(defaultModulePaths('darwin')).toEqual(['/usr/local/lib/libcps3_pkcs11_osx.dylib']);
    expect(defaultModulePaths('linux')).toEqual(['/opt/santesocial/CPS/lib/libcps3_pkcs11_lux.so', '/usr/lib64/libcps3_pkcs11_lux.so']);
  });

  it('configured path wins; else first existing default; else first default', () => {
    expect(resolveModulePath('/x/y.so', 'linux', () => false)).toBe('/x/y.so');
    expect(resolveModulePath(undefined, 'linux', (p) => p.startsWith('/usr/lib64'))).toBe('/usr/lib64/libcps3_pkcs11_lux.so');
    expect(resolveModulePath(undefined, 'linux', () => false)).toBe('/opt/santesocial/CPS/lib/libcps3_pkcs11_lux.so');
    expect(resolveModulePath('  ', 'aix', () => false)).toBeNull();
  });
});
