// Card presence watcher (runs in the card worker). One poll:
//  1. cards with a logged-in session: C_GetSessionInfo + C_GetTokenInfo on their slot; any failure or a
//     different token serial = removed (the session is dropped: the PIN must be typed again);
//  2. modules that only scan tokens in C_Initialize (SoftHSM): C_Finalize + C_Initialize, but only while no
//     session is open (re-initialising would log the user out); while logged in, removal is still seen;
//  3. C_GetSlotList / C_GetTokenInfo: new (slot, token serial) pairs are insertions (identity read without
//     PIN), vanished pairs are removals.
// C_WaitForSlotEvent is not used: it blocks the only thread that talks to the module, SoftHSM does not
// implement it, and a ≤ 1 s poll meets the "removal seen within 2 s" requirement.
import type { CardBackend } from './card-backend';
import { CardError, type CardReason } from './messages';
import type { CardIdentity, SlotId, WorkerEvent } from './types';

interface KnownCard {
  slotId: SlotId;
  tokenSerial: string;
  tokenLabel: string;
  identity: CardIdentity | null;
}

const keyOf = (slotId: SlotId, serial: string) => `${slotId}|${serial}`;

export class PresenceWatcher {
  private readonly known = new Map<string, KnownCard>();
  private lastError: string | null = null;
  private first = true;

  constructor(
    private readonly backend: CardBackend,
    private readonly emit: (e: WorkerEvent) => void,
  ) {}

  /** Cards currently known to be in a reader. */
  cards(): KnownCard[] {
    return [...this.known.values()];
  }

  poll(): void {
    try {
      this.pollOnce();
      this.lastError = null;
    } catch (e) {
      const reason: CardReason = e instanceof CardError ? e.reason : 'card-error';
      const detail = e instanceof Error ? e.message : String(e);
      if (this.lastError !== reason) this.emit({ kind: 'event', type: 'watch-error', payload: { reason, detail } });
      this.lastError = reason;
    }
  }

  private removed(k: string, hadSession: boolean): void {
    const card = this.known.get(k);
    if (!card) return;
    this.known.delete(k);
    this.emit({ kind: 'event', type: 'removed', payload: { slotId: card.slotId, tokenSerial: card.tokenSerial, identity: card.identity, hadSession } });
  }

  private pollOnce(): void {
    const initial = this.first;
    this.first = false;
    for (const { slotId, tokenSerial } of this.backend.openSessionSlots()) {
      if (this.backend.sessionCardPresent(slotId)) continue;
      this.backend.forgetSession(slotId);
      const k = keyOf(slotId, tokenSerial);
      if (this.known.has(k)) this.removed(k, true);
      else this.emit({ kind: 'event', type: 'removed', payload: { slotId, tokenSerial, identity: null, hadSession: true } });
    }
    // Re-initialising would end a logged-in session: while one is open, the stale slot list still
    // shows removals (C_GetTokenInfo fails), and insertions wait for the logout.
    if (this.backend.info?.reinitializeOnPoll && !this.backend.hasOpenSessions()) this.backend.reinitialize();
    const present = this.backend.listReaders().filter((r) => r.hasCard && r.token);
    const presentKeys = new Set(present.map((r) => keyOf(r.slotId, r.token!.serialNumber)));
    for (const k of [...this.known.keys()]) if (!presentKeys.has(k)) this.removed(k, false);
    for (const r of present) {
      const token = r.token!;
      const k = keyOf(r.slotId, token.serialNumber);
      if (this.known.has(k)) continue;
      const card: KnownCard = { slotId: r.slotId, tokenSerial: token.serialNumber, tokenLabel: token.label, identity: null };
      try {
        card.identity = this.backend.readIdentity(r.slotId);
      } catch (e) {
        const reason: CardReason = e instanceof CardError ? e.reason : 'card-error';
        if (reason === 'removed' || reason === 'no-card') continue; // gone already: next poll decides
        this.known.set(k, card);
        this.emit({ kind: 'event', type: 'unrecognized', payload: { slotId: r.slotId, tokenSerial: token.serialNumber, tokenLabel: token.label, reason } });
        continue;
      }
      this.known.set(k, card);
      this.emit({
        kind: 'event',
        type: 'inserted',
        payload: { slotId: r.slotId, tokenSerial: token.serialNumber, tokenLabel: token.label, identity: card.identity, initial },
      });
    }
  }
}
