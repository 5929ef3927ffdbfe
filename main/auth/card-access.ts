// The CPS card as the login screen sees it: module loaded, readers, the inserted card's identity (read
// without PIN) and its PIN tries state. The CardService worker starts on first use.
import type { CardState } from '../../shared/types';
import { CardError, CardService } from './card';
import type { CardIdentity } from './card';
import { log } from '../log';

export class CardAccess {
  private service: CardService | null = null;
  private starting: Promise<CardService> | null = null;
  private failure: string | null = null;
  private listeners = new Set<() => void>();

  constructor(private readonly options: { modulePath?: string; env?: Record<string, string> }) {}

  /** Notified whenever a card is inserted or removed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async get(): Promise<CardService | null> {
    if (this.service) return this.service;
    if (this.failure) return null;
    this.starting ??= (async () => {
      // The module's own configuration (e.g. SOFTHSM2_CONF) must be in the environment before it loads.
      for (const [k, v] of Object.entries(this.options.env ?? {})) process.env[k] = v;
      const service = await CardService.start(this.options.modulePath ? { modulePath: this.options.modulePath } : {});
      const notify = () => this.listeners.forEach((l) => l());
      service.on('inserted', notify);
      service.on('removed', notify);
      service.on('unrecognized', notify);
      await service.watch();
      return service;
    })();
    try {
      this.service = await this.starting;
      return this.service;
    } catch (err) {
      this.failure = err instanceof CardError ? err.message : 'Le lecteur de carte CPS ne répond pas : vérifiez son branchement puis redémarrez l’application.';
      log.warn('card.unavailable', { reason: err instanceof CardError ? err.reason : 'unknown' });
      return null;
    } finally {
      this.starting = null;
    }
  }

  /** The slot holding a usable card, with its identity. */
  async inserted(): Promise<{ slotId: string; identity: CardIdentity } | null> {
    const card = await this.get();
    if (!card) return null;
    const readers = await card.listReaders();
    const slot = readers.find((r) => r.hasCard);
    if (!slot) return null;
    try {
      return { slotId: slot.slotId, identity: await card.readIdentity(slot.slotId) };
    } catch {
      return null;
    }
  }

  async state(): Promise<CardState> {
    const card = await this.get();
    if (!card) return { moduleLoaded: false, moduleMessage: this.failure, readers: [], card: null, pin: null };
    const readers = await card.listReaders();
    const withCard = readers.find((r) => r.hasCard);
    let identity: CardIdentity | null = null;
    let pin: CardState['pin'] = null;
    if (withCard) {
      try {
        identity = await card.readIdentity(withCard.slotId);
        const status = await card.pinStatus(withCard.slotId);
        pin = { countLow: status.countLow, finalTry: status.finalTry, locked: status.locked, pinPad: status.pinPad };
      } catch {
        identity = null;
      }
    }
    return {
      moduleLoaded: true,
      moduleMessage: null,
      readers: readers
        .filter((r) => r.removable || r.hasCard)
        .map((r) => ({ slot: r.slotId, label: r.description.trim() || 'Lecteur', hasCard: r.hasCard })),
      card: identity
        ? {
            idNat: identity.idNat,
            givenName: identity.givenName ?? '',
            familyName: identity.familyName ?? '',
            profession: identity.profession ?? '',
            expiresAt: new Date(identity.notAfter).getTime(),
          }
        : null,
      pin,
    };
  }

  async close(): Promise<void> {
    await this.service?.close();
    this.service = null;
  }
}
