// Synchronous PKCS#11 work on the card, run inside the card worker thread only (every call blocks,
// PIN-pad logins for tens of seconds). Never logs or keeps a PIN.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pkcs11js from 'pkcs11js';
import type { Handle } from 'pkcs11js';
import { identityFromCertificate, IdentityParseError } from './identity';
import { CardError } from './messages';
import {
  CKA_CLASS, CKA_ID, CKA_LABEL, CKA_VALUE, CKA_CERTIFICATE_TYPE, CKC_X_509, CKF_REMOVABLE_DEVICE, CKF_SERIAL_SESSION,
  CKF_TOKEN_INITIALIZED, CKF_TOKEN_PRESENT, CKM_RSA_PKCS, CKM_SHA256_RSA_PKCS, CKO_CERTIFICATE, CKO_PRIVATE_KEY, CKR,
  CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS, CKU_USER, REMOVAL_CODES,
} from './pkcs11-constants';
import { isPinWellFormed, pinStatusFromFlags, type PinStatus } from './pin-status';
import type { CardIdentity, LoginResult, ModuleInfo, ReaderInfo, SignResult, SlotId, TokenSummary } from './types';

export const AUTH_CERT_LABEL = "Certificat d'Authentification CPS";
export const SIGN_CERT_LABEL = 'Certificat de Signature CPS';
export const AUTH_KEY_LABEL = 'CPS_PRIV_AUT';
export const SIGN_KEY_LABEL = 'CPS_PRIV_SIG';
/** CKA_ID convention: last byte 0x20 = authentication pair, 0x10 = signature pair. */
const AUTH_ID_LAST_BYTE = 0x20;
const SIGN_ID_LAST_BYTE = 0x10;

/** DigestInfo prefix for SHA-256 (CKM_RSA_PKCS fallback when the token lacks CKM_SHA256_RSA_PKCS). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export function ckrOf(e: unknown): number | null {
  return e instanceof pkcs11js.Pkcs11Error ? e.code : null;
}

function ckrName(e: unknown): string {
  const code = ckrOf(e);
  if (code === null) return e instanceof Error ? e.message : String(e);
  const name = Object.entries(CKR).find(([, v]) => v === code)?.[0];
  return name ? `CKR_${name}` : `CKR_0x${code.toString(16)}`;
}

const slotIdOf = (h: Handle): SlotId => h.toString('hex');
const slotHandle = (id: SlotId): Handle => Buffer.from(id, 'hex');

interface OpenSession {
  handle: Handle;
  tokenSerial: string;
  loggedIn: boolean;
}

export class CardBackend {
  private readonly p11 = new pkcs11js.PKCS11();
  private initialized = false;
  private readonly sessions = new Map<SlotId, OpenSession>();
  info: ModuleInfo | null = null;

  constructor(private readonly modulePath: string) {}

  open(reinitializeOnPoll: 'auto' | boolean): ModuleInfo {
    if (!fs.existsSync(this.modulePath)) throw new CardError('module-missing', this.modulePath);
    try {
      this.p11.load(this.modulePath);
    } catch (e) {
      throw new CardError('module-load-failed', `${this.modulePath}: ${(e as Error).message}`);
    }
    this.initialize();
    const i = this.p11.C_GetInfo();
    const manufacturer = i.manufacturerID.trim();
    this.info = {
      path: this.modulePath,
      manufacturer,
      description: i.libraryDescription.trim(),
      version: `${i.libraryVersion.major}.${i.libraryVersion.minor}`,
      cryptokiVersion: `${i.cryptokiVersion.major}.${i.cryptokiVersion.minor}`,
      // SoftHSM scans its tokens only in C_Initialize; Cryptolib CPS (PC/SC) refreshes slots by itself.
      reinitializeOnPoll: reinitializeOnPoll === 'auto' ? /softhsm/i.test(manufacturer) : reinitializeOnPoll,
    };
    return this.info;
  }

  private initialize(): void {
    try {
      this.p11.C_Initialize();
    } catch (e) {
      if (ckrOf(e) !== CKR.CRYPTOKI_ALREADY_INITIALIZED) throw new CardError('module-load-failed', ckrName(e));
    }
    this.initialized = true;
  }

  /** C_Finalize + C_Initialize, so modules that scan tokens only at start see insertions. Drops sessions. */
  reinitialize(): void {
    this.sessions.clear();
    if (this.initialized) {
      try {
        this.p11.C_Finalize();
      } catch {
        /* already finalised */
      }
      this.initialized = false;
    }
    this.initialize();
  }

  close(): void {
    for (const slot of [...this.sessions.keys()]) this.logout(slot);
    if (this.initialized) {
      try {
        this.p11.C_Finalize();
      } catch {
        /* ignore */
      }
      this.initialized = false;
    }
    try {
      this.p11.close();
    } catch {
      /* ignore */
    }
  }

  hasOpenSessions(): boolean {
    return this.sessions.size > 0;
  }

  openSessionSlots(): Array<{ slotId: SlotId; tokenSerial: string }> {
    return [...this.sessions.entries()].map(([slotId, s]) => ({ slotId, tokenSerial: s.tokenSerial }));
  }

  // ---- slots & tokens ----

  private tokenSummary(slot: Handle): TokenSummary {
    const t = this.p11.C_GetTokenInfo(slot);
    return {
      label: t.label.trim(),
      serialNumber: t.serialNumber.trim(),
      manufacturer: t.manufacturerID.trim(),
      model: t.model.trim(),
      initialized: (t.flags & CKF_TOKEN_INITIALIZED) !== 0,
      pin: pinStatusFromFlags(t.flags),
    };
  }

  listReaders(): ReaderInfo[] {
    return this.p11.C_GetSlotList(false).map((slot) => {
      const si = this.p11.C_GetSlotInfo(slot);
      let token: TokenSummary | null = null;
      if (si.flags & CKF_TOKEN_PRESENT) {
        try {
          token = this.tokenSummary(slot);
        } catch {
          token = null; // removed between the two calls, or a stale token
        }
      }
      return {
        slotId: slotIdOf(slot),
        description: si.slotDescription.trim(),
        manufacturer: si.manufacturerID.trim(),
        removable: (si.flags & CKF_REMOVABLE_DEVICE) !== 0,
        tokenPresent: token !== null,
        hasCard: token?.initialized ?? false,
        token,
      };
    });
  }

  /** Token info of a slot that must hold a card; maps failures to no-card / removed. */
  private cardToken(slotId: SlotId): TokenSummary {
    let t: TokenSummary;
    try {
      t = this.tokenSummary(slotHandle(slotId));
    } catch (e) {
      const code = ckrOf(e);
      if (this.sessions.has(slotId)) this.dropSession(slotId);
      throw new CardError(code !== null && (REMOVAL_CODES.has(code) || code === CKR.GENERAL_ERROR) ? 'removed' : 'card-error', ckrName(e));
    }
    if (!t.initialized) throw new CardError('no-card', 'token not initialised');
    return t;
  }

  pinStatus(slotId: SlotId): PinStatus {
    return this.cardToken(slotId).pin;
  }

  // ---- objects ----

  private find(session: Handle, template: pkcs11js.Template): Handle[] {
    this.p11.C_FindObjectsInit(session, template);
    try {
      const out: Handle[] = [];
      for (;;) {
        const batch = this.p11.C_FindObjects(session, 32);
        if (!batch.length) break;
        out.push(...batch);
      }
      return out;
    } finally {
      this.p11.C_FindObjectsFinal(session);
    }
  }

  private attrs(session: Handle, obj: Handle, types: number[]): Buffer[] {
    return this.p11.C_GetAttributeValue(session, obj, types.map((type) => ({ type }))).map((a) => (a.value as Buffer) ?? Buffer.alloc(0));
  }

  /** Runs fn with the slot's open session, or a temporary public session closed afterwards. */
  private withSession<T>(slotId: SlotId, fn: (s: Handle) => T): T {
    const existing = this.sessions.get(slotId);
    if (existing) return fn(existing.handle);
    let s: Handle;
    try {
      s = this.p11.C_OpenSession(slotHandle(slotId), CKF_SERIAL_SESSION);
    } catch (e) {
      throw this.mapError(slotId, e);
    }
    try {
      return fn(s);
    } finally {
      try {
        this.p11.C_CloseSession(s);
      } catch {
        /* card gone */
      }
    }
  }

  private mapError(slotId: SlotId, e: unknown): CardError {
    if (e instanceof CardError) return e;
    const code = ckrOf(e);
    if (code !== null && REMOVAL_CODES.has(code)) return new CardError('removed', ckrName(e));
    // SoftHSM answers CKR_GENERAL_ERROR once its token folder is gone: check whether the card is still there.
    try {
      this.cardToken(slotId);
    } catch (inner) {
      if (inner instanceof CardError) return inner;
    }
    return new CardError('card-error', ckrName(e));
  }

  /** Identity from the authentication certificate, read without PIN (certificates are public objects). */
  readIdentity(slotId: SlotId, now = new Date()): CardIdentity {
    const token = this.cardToken(slotId);
    return this.withSession(slotId, (s) => {
      let certs: Array<{ h: Handle; id: Buffer; label: string }>;
      try {
        certs = this.find(s, [
          { type: CKA_CLASS, value: CKO_CERTIFICATE },
          { type: CKA_CERTIFICATE_TYPE, value: CKC_X_509 },
        ]).map((h) => {
          const [id, label] = this.attrs(s, h, [CKA_ID, CKA_LABEL]);
          return { h, id: id!, label: label!.toString('utf8') };
        });
      } catch (e) {
        throw this.mapError(slotId, e);
      }
      const auth =
        certs.find((c) => c.id.length > 0 && c.id[c.id.length - 1] === AUTH_ID_LAST_BYTE) ??
        certs.find((c) => c.label === AUTH_CERT_LABEL);
      if (!auth) throw new CardError('unrecognized-card', `no authentication certificate among ${certs.length}`);
      let der: Buffer;
      try {
        [der] = this.attrs(s, auth.h, [CKA_VALUE]) as [Buffer];
      } catch (e) {
        throw this.mapError(slotId, e);
      }
      try {
        const id = identityFromCertificate(der, now);
        return { ...id, slotId, tokenSerial: token.serialNumber, tokenLabel: token.label, certificateId: auth.id.toString('hex') };
      } catch (e) {
        if (e instanceof IdentityParseError) throw new CardError('unrecognized-card', e.message);
        throw e;
      }
    });
  }

  // ---- PIN ----

  /**
   * One C_Login attempt, never repeated. Flags are read before (a card already flagged locked is not
   * touched) and after (to report tries). pin null = PIN-pad reader (protected authentication path).
   * The pin bytes are zeroed before returning.
   */
  login(slotId: SlotId, pin: Uint8Array | null): LoginResult {
    try {
      let before: TokenSummary;
      try {
        before = this.cardToken(slotId);
      } catch (e) {
        if (e instanceof CardError && (e.reason === 'removed' || e.reason === 'no-card')) return { ok: false, reason: e.reason };
        throw e;
      }
      if (before.pin.locked) return { ok: false, reason: 'locked', justLocked: false, pin: before.pin };
      const pinPad = before.pin.pinPad;
      if (pin === null && !pinPad) return { ok: false, reason: 'pin-format' };
      if (pin !== null && !isPinWellFormed(pin)) return { ok: false, reason: 'pin-format' };

      const existing = this.sessions.get(slotId);
      if (existing?.loggedIn) return { ok: true, pin: before.pin, pinPad };
      let session: Handle;
      try {
        session = existing?.handle ?? this.p11.C_OpenSession(slotHandle(slotId), CKF_SERIAL_SESSION);
      } catch (e) {
        return this.loginFailure(slotId, e);
      }
      this.sessions.set(slotId, { handle: session, tokenSerial: before.serialNumber, loggedIn: false });
      try {
        // pkcs11js takes the PIN as a JS string (it cannot pass NULL_PTR: PIN pads get an empty PIN of length 0).
        let pinText = '';
        if (pin !== null) {
          const copy = Buffer.from(pin);
          pinText = copy.toString('latin1');
          copy.fill(0);
        }
        this.p11.C_Login(session, CKU_USER, pinText);
      } catch (e) {
        if (ckrOf(e) !== CKR.USER_ALREADY_LOGGED_IN) {
          this.dropSession(slotId);
          return this.loginFailure(slotId, e);
        }
      }
      this.sessions.get(slotId)!.loggedIn = true;
      let after = before.pin;
      try {
        after = this.tokenSummary(slotHandle(slotId)).pin;
      } catch {
        /* reported by the watcher */
      }
      return { ok: true, pin: after, pinPad };
    } finally {
      pin?.fill(0);
    }
  }

  private loginFailure(slotId: SlotId, e: unknown): LoginResult {
    const code = ckrOf(e);
    const after = (): PinStatus | null => {
      try {
        return this.tokenSummary(slotHandle(slotId)).pin;
      } catch {
        return null;
      }
    };
    switch (code) {
      case CKR.PIN_INCORRECT: {
        const pin = after();
        if (!pin) return { ok: false, reason: 'removed' };
        if (pin.locked) return { ok: false, reason: 'locked', justLocked: true, pin };
        return { ok: false, reason: 'wrong-pin', finalTryNext: pin.finalTry, countLow: pin.countLow, pin };
      }
      case CKR.PIN_LOCKED: {
        const pin = after() ?? pinStatusFromFlags(0x40000);
        return { ok: false, reason: 'locked', justLocked: false, pin };
      }
      case CKR.PIN_LEN_RANGE:
      case CKR.PIN_INVALID:
        return { ok: false, reason: 'pin-format' };
      case CKR.FUNCTION_CANCELED:
        return { ok: false, reason: 'cancelled' };
      default: {
        const mapped = this.mapError(slotId, e);
        if (mapped.reason === 'removed' || mapped.reason === 'no-card') return { ok: false, reason: mapped.reason };
        return { ok: false, reason: 'card-error', code: ckrName(e) };
      }
    }
  }

  private dropSession(slotId: SlotId): void {
    const s = this.sessions.get(slotId);
    this.sessions.delete(slotId);
    if (!s) return;
    try {
      this.p11.C_CloseSession(s.handle);
    } catch {
      /* card gone */
    }
  }

  logout(slotId: SlotId): void {
    const s = this.sessions.get(slotId);
    if (!s) return;
    if (s.loggedIn) {
      try {
        this.p11.C_Logout(s.handle);
      } catch {
        /* card gone or already logged out */
      }
    }
    this.dropSession(slotId);
  }

  // ---- signing with the AUTHENTICATION key only ----

  sign(slotId: SlotId, data: Uint8Array): SignResult {
    const s = this.sessions.get(slotId);
    if (!s?.loggedIn) throw new CardError('not-logged-in');
    try {
      const state = this.p11.C_GetSessionInfo(s.handle).state;
      if (state !== CKS_RO_USER_FUNCTIONS && state !== CKS_RW_USER_FUNCTIONS) {
        s.loggedIn = false;
        throw new CardError('not-logged-in', `session state ${state}`);
      }
      const keys = this.find(s.handle, [{ type: CKA_CLASS, value: CKO_PRIVATE_KEY }]).map((h) => {
        const [id, label] = this.attrs(s.handle, h, [CKA_ID, CKA_LABEL]);
        return { h, id: id!, label: label!.toString('utf8') };
      });
      const isSignKey = (k: { id: Buffer; label: string }) => k.label === SIGN_KEY_LABEL || k.id[k.id.length - 1] === SIGN_ID_LAST_BYTE;
      const key =
        keys.find((k) => k.id.length > 0 && k.id[k.id.length - 1] === AUTH_ID_LAST_BYTE && k.label !== SIGN_KEY_LABEL) ??
        keys.find((k) => k.label === AUTH_KEY_LABEL && !isSignKey(k));
      if (!key) throw new CardError('unrecognized-card', `no authentication private key among ${keys.length}`);
      const input = Buffer.from(data);
      let mechanism: SignResult['mechanism'] = 'CKM_SHA256_RSA_PKCS';
      try {
        this.p11.C_SignInit(s.handle, { mechanism: CKM_SHA256_RSA_PKCS }, key.h);
      } catch (e) {
        if (ckrOf(e) !== CKR.MECHANISM_INVALID) throw e;
        mechanism = 'CKM_RSA_PKCS';
        this.p11.C_SignInit(s.handle, { mechanism: CKM_RSA_PKCS }, key.h);
      }
      const toSign = mechanism === 'CKM_SHA256_RSA_PKCS' ? input : Buffer.concat([SHA256_DIGEST_INFO, crypto.createHash('sha256').update(input).digest()]);
      const signature = this.p11.C_Sign(s.handle, toSign, Buffer.alloc(1024));
      return { signature: new Uint8Array(signature), mechanism, keyId: key.id.toString('hex'), keyLabel: key.label };
    } catch (e) {
      if (e instanceof CardError) throw e;
      const code = ckrOf(e);
      if (code === CKR.USER_NOT_LOGGED_IN) {
        s.loggedIn = false;
        throw new CardError('not-logged-in', ckrName(e));
      }
      throw this.mapError(slotId, e);
    }
  }

  /** For the presence watcher: is the logged-in session's card still there (same token)? */
  sessionCardPresent(slotId: SlotId): boolean {
    const s = this.sessions.get(slotId);
    if (!s) return false;
    try {
      this.p11.C_GetSessionInfo(s.handle);
      const t = this.tokenSummary(slotHandle(slotId));
      return t.initialized && t.serialNumber === s.tokenSerial;
    } catch {
      return false;
    }
  }

  forgetSession(slotId: SlotId): void {
    this.dropSession(slotId);
  }
}
