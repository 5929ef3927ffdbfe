// Browser-host equivalent of the Electron preload: runs before the app bundle and exposes the very
// same `window.mss` object, carried over an authenticated WebSocket on 127.0.0.1.
import { createApi } from '../shared/bridge-client';
import type { CallName, Envelope, EventName } from '../shared/contract';

const SECRET_KEY = 'mss-host-secret';

function takeSecret(): string | null {
  const match = /(?:^#|&)k=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(SECRET_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(SECRET_KEY);
}

const secret = takeSecret();
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
let socket: WebSocket | null = null;
let opening: Promise<WebSocket> | null = null;

function connect(): Promise<WebSocket> {
  if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
  if (opening) return opening;
  opening = new Promise<WebSocket>((resolve, reject) => {
    if (!secret) {
      reject(new Error("Lien d'accès incomplet : relancez l'hôte et ouvrez l'adresse qu'il affiche."));
      return;
    }
    const ws = new WebSocket(`ws://${window.location.host}/bridge`, ['mss-bridge.v1', `mss-secret.${secret}`]);
    ws.onopen = () => {
      socket = ws;
      opening = null;
      resolve(ws);
    };
    ws.onerror = () => {
      opening = null;
      reject(new Error("Connexion au service local impossible : vérifiez que l'hôte est toujours lancé."));
    };
    ws.onclose = () => {
      socket = null;
      for (const p of pending.values()) p.reject(new Error('Connexion au service local perdue.'));
      pending.clear();
    };
    ws.onmessage = (ev: MessageEvent<string>) => {
      const msg = JSON.parse(ev.data) as
        | { t: 'result'; id: number; envelope: Envelope<unknown> }
        | { t: 'event'; name: EventName; payload: unknown };
      if (msg.t === 'result') {
        pending.get(msg.id)?.resolve(msg.envelope);
        pending.delete(msg.id);
      } else if (msg.t === 'event') {
        for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
      }
    };
  });
  return opening;
}

const api = createApi(
  {
    async invoke(name: CallName, args: unknown[]) {
      const ws = await connect();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ t: 'call', id, name, args }));
      });
    },
    subscribe(name, listener) {
      void connect().catch(() => undefined);
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  },
  'browser',
);

Object.defineProperty(window, 'mss', { value: api, writable: false, configurable: false });
