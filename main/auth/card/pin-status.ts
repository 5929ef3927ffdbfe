// PIN try state as the token reports it (CK_TOKEN_INFO.flags). Pure.
import {
  CKF_PROTECTED_AUTHENTICATION_PATH,
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_LOCKED,
  CKF_USER_PIN_TO_BE_CHANGED,
} from './pkcs11-constants';

export type PinTriesState = 'ok' | 'count-low' | 'final-try' | 'locked';

export interface PinStatus {
  state: PinTriesState;
  /** CKF_USER_PIN_COUNT_LOW: at least one wrong PIN since the last good one. */
  countLow: boolean;
  /** CKF_USER_PIN_FINAL_TRY: the next wrong PIN blocks the card. */
  finalTry: boolean;
  /** CKF_USER_PIN_LOCKED: blocked, only the PUK (code de déblocage) can unblock it. */
  locked: boolean;
  toBeChanged: boolean;
  /** CKF_PROTECTED_AUTHENTICATION_PATH: the PIN is typed on the reader's own keypad. */
  pinPad: boolean;
  /** Raw CK_TOKEN_INFO.flags, for diagnostics. */
  flags: number;
}

export function pinStatusFromFlags(flags: number): PinStatus {
  const locked = (flags & CKF_USER_PIN_LOCKED) !== 0;
  const finalTry = (flags & CKF_USER_PIN_FINAL_TRY) !== 0;
  const countLow = (flags & CKF_USER_PIN_COUNT_LOW) !== 0;
  const state: PinTriesState = locked ? 'locked' : finalTry ? 'final-try' : countLow ? 'count-low' : 'ok';
  return {
    state,
    countLow,
    finalTry,
    locked,
    toBeChanged: (flags & CKF_USER_PIN_TO_BE_CHANGED) !== 0,
    pinPad: (flags & CKF_PROTECTED_AUTHENTICATION_PATH) !== 0,
    flags,
  };
}

/** Tries left when the card has 3 (CPS): exact for ok / final-try / locked, "at most 2" for count-low. */
export function triesLeftHint(s: PinStatus, maxTries = 3): number {
  if (s.locked) return 0;
  if (s.finalTry) return 1;
  if (s.countLow) return Math.max(1, maxTries - 1);
  return maxTries;
}

/** Local check before touching the card (a malformed PIN must not cost a try). CPS PINs are 4 digits; allow 4–8. */
export function isPinWellFormed(pin: Uint8Array, minLen = 4, maxLen = 8): boolean {
  if (pin.length < Math.max(4, minLen) || pin.length > Math.min(8, maxLen)) return false;
  for (const b of pin) if (b < 0x30 || b > 0x39) return false;
  return true;
}
