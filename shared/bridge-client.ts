// Turns a raw transport (Electron IPC or the host's WebSocket) into the typed `MssApi`.
// Used by both preloads so the renderer sees the very same object in Electron and in the browser host.
import {
  type BridgeErrorData,
  type CallArgs,
  type CallName,
  type CallResult,
  type Envelope,
  type EventName,
  type EventPayload,
  type MssApi,
  isCallName,
  isEventName,
} from './contract';

export class BridgeError extends Error {
  readonly code: string;
  constructor(data: BridgeErrorData) {
    super(data.message);
    this.name = 'BridgeError';
    this.code = data.code;
  }
}

export interface RawTransport {
  invoke(name: CallName, args: unknown[]): Promise<unknown>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function createApi(transport: RawTransport, host: MssApi['host']): MssApi {
  return Object.freeze({
    host,
    async invoke<K extends CallName>(name: K, ...args: CallArgs<K>): Promise<CallResult<K>> {
      if (!isCallName(name)) throw new BridgeError({ code: 'bridge.unknown-call', message: `Appel inconnu : ${String(name)}` });
      const answer = await transport.invoke(name, args as unknown[]);
      if (!isEnvelope(answer)) throw new BridgeError({ code: 'bridge.bad-answer', message: 'Réponse invalide du processus principal.' });
      if (!answer.ok) throw new BridgeError(answer.error);
      return answer.value as CallResult<K>;
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
      if (!isEventName(name)) throw new BridgeError({ code: 'bridge.unknown-event', message: `Événement inconnu : ${String(name)}` });
      return transport.subscribe(name, (payload) => listener(payload as EventPayload<K>));
    },
  });
}
