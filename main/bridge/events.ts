// Typed event bus from services to every connected renderer (Electron windows, host sockets).
import type { EventName, EventPayload } from '../../shared/contract';

type AnyListener = (name: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<AnyListener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const l of this.listeners) l(name, payload);
  }

  /** Subscribes a transport to every event; returns the disposer. */
  subscribeAll(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
