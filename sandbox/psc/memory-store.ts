// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./oidc-provider.d.ts" />
// In-memory storage for oidc-provider models (state is lost on restart, by design of the sandbox).
// Unlike the library's LRU adapter it can list payloads per model, which the sandbox controls need
// (revoke everything of one person, expire their access tokens, list pending CIBA requests).
import type { Adapter, AnyObject } from 'oidc-provider';

/** Expired payloads stay this long (the library checks `exp` itself and answers e.g. expired_token). */
const GRACE_SECONDS = 600;

interface Entry {
  payload: AnyObject;
  /** epoch ms; Infinity when the model has no expiry */
  expiresAt: number;
}

const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

export class MemoryStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sessionUids = new Map<string, string>();
  private readonly userCodes = new Map<string, string>();
  private readonly grantMembers = new Map<string, Set<string>>();

  private static key(model: string, id: string): string {
    return `${model}:${id}`;
  }

  get(model: string, id: string): AnyObject | undefined {
    const key = MemoryStore.key(model, id);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt + GRACE_SECONDS * 1000 <= Date.now()) {
      this.delete(model, id);
      return undefined;
    }
    return entry.payload;
  }

  set(model: string, id: string, payload: AnyObject, expiresIn?: number): void {
    const key = MemoryStore.key(model, id);
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.entries.set(key, { payload, expiresAt });
    if (model === 'Session' && typeof payload.uid === 'string') this.sessionUids.set(payload.uid, id);
    if (typeof payload.userCode === 'string') this.userCodes.set(payload.userCode, id);
    if (GRANTABLE.has(model) && typeof payload.grantId === 'string') {
      let members = this.grantMembers.get(payload.grantId);
      if (!members) {
        members = new Set();
        this.grantMembers.set(payload.grantId, members);
      }
      members.add(key);
    }
  }

  delete(model: string, id: string): void {
    const key = MemoryStore.key(model, id);
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry) return;
    const { payload } = entry;
    if (typeof payload.uid === 'string' && this.sessionUids.get(payload.uid) === id) this.sessionUids.delete(payload.uid);
    if (typeof payload.userCode === 'string' && this.userCodes.get(payload.userCode) === id) {
      this.userCodes.delete(payload.userCode);
    }
    if (typeof payload.grantId === 'string') this.grantMembers.get(payload.grantId)?.delete(key);
  }

  sessionIdByUid(uid: string): string | undefined {
    return this.sessionUids.get(uid);
  }

  idByUserCode(userCode: string): string | undefined {
    return this.userCodes.get(userCode);
  }

  /** Deletes every token/code/request issued under this grant (not the Grant itself). */
  revokeByGrantId(grantId: string): void {
    const members = this.grantMembers.get(grantId);
    if (!members) return;
    for (const key of [...members]) {
      const sep = key.indexOf(':');
      this.delete(key.slice(0, sep), key.slice(sep + 1));
    }
    this.grantMembers.delete(grantId);
  }

  /** Live (unexpired) payloads of one model, with their ids. */
  list(model: string): Array<{ id: string; payload: AnyObject }> {
    const prefix = `${model}:`;
    const now = Date.now();
    const out: Array<{ id: string; payload: AnyObject }> = [];
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix) || entry.expiresAt <= now) continue;
      out.push({ id: key.slice(prefix.length), payload: entry.payload });
    }
    return out;
  }

  /** Drops expired entries (called periodically). */
  sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt + GRACE_SECONDS * 1000 > now) continue;
      const sep = key.indexOf(':');
      this.delete(key.slice(0, sep), key.slice(sep + 1));
    }
  }

  adapterFactory(): (model: string) => Adapter {
    return (model: string) => new StoreAdapter(this, model);
  }
}

class StoreAdapter implements Adapter {
  constructor(
    private readonly store: MemoryStore,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AnyObject, expiresIn?: number): Promise<void> {
    this.store.delete(this.model, id);
    this.store.set(this.model, id, payload, expiresIn);
  }

  async find(id: string): Promise<AnyObject | undefined> {
    return this.store.get(this.model, id);
  }

  async findByUid(uid: string): Promise<AnyObject | undefined> {
    const id = this.store.sessionIdByUid(uid);
    return id === undefined ? undefined : this.store.get(this.model, id);
  }

  async findByUserCode(userCode: string): Promise<AnyObject | undefined> {
    const id = this.store.idByUserCode(userCode);
    return id === undefined ? undefined : this.store.get(this.model, id);
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(this.model, id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.store.revokeByGrantId(grantId);
  }
}
