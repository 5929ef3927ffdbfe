// Glue between the CPS card presence watcher (main/auth/card CardService) and the session: pulling the
// card locks the session of its holder (shared workstation); unlocking needs the same person's card + PIN.
// Structural types only, so this file does not load the PKCS#11 worker.
import { SessionError } from './errors';
import type { SessionManager, SessionState } from './session-manager';

interface RemovedEvent {
  identity: { idNat: string } | null;
}

export interface CardPresenceSource {
  on(event: 'removed', listener: (e: RemovedEvent) => void): unknown;
  off(event: 'removed', listener: (e: RemovedEvent) => void): unknown;
}

export interface LockOnCardRemovalOptions {
  /** Lock on any card removal, not only the session holder's card. Default false. */
  anyCard?: boolean;
}

/** Starts locking the session when the holder's card leaves the reader. Returns the unsubscribe function. */
export function lockOnCardRemoval(session: Pick<SessionManager, 'current' | 'lock'>, card: CardPresenceSource, options: LockOnCardRemovalOptions = {}): () => void {
  const listener = (e: RemovedEvent) => {
    const s = session.current;
    const holder = s.status === 'active' ? s.identity.idNat : s.status === 'authenticating' ? s.idNat : undefined;
    if (s.status !== 'active' && s.status !== 'authenticating') return;
    // A card we could not identify may be the holder's: lock to be safe.
    if (options.anyCard || !e.identity || !holder || e.identity.idNat === holder) session.lock('card-removed');
  };
  card.on('removed', listener);
  return () => card.off('removed', listener);
}

interface CardForUnlock<L> {
  readIdentity(slotId: string): Promise<{ idNat: string }>;
  login(slotId: string, pin: Uint8Array | string | null): Promise<L>;
}

export type CardUnlockResult<L> = { ok: true; state: SessionState } | { ok: false; login: L };

/**
 * Unlocks with the card in `slotId`: its identity (read without PIN) must be the locked session's person,
 * then ONE PIN attempt (never retried here; a failed attempt is returned with the card's PIN status).
 */
export async function unlockWithCard<L extends { ok: boolean }>(session: Pick<SessionManager, 'current' | 'unlockWithVerifiedCard'>, card: CardForUnlock<L>, slotId: string, pin: Uint8Array | string | null): Promise<CardUnlockResult<L>> {
  const s = session.current;
  if (s.status !== 'locked') return { ok: true, state: s };
  const identity = await card.readIdentity(slotId);
  if (identity.idNat !== s.identity.idNat) throw new SessionError('wrong-person');
  const login = await card.login(slotId, pin);
  if (!login.ok) return { ok: false, login };
  return { ok: true, state: await session.unlockWithVerifiedCard(identity.idNat) };
}
