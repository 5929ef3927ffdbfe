// Electron preload (sandboxed): exposes exactly the contract as `window.mss`, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '../shared/bridge-client';
import type { EventName } from '../shared/contract';

const EVENT_CHANNEL = 'mss:event';
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: EventName, payload: unknown) => {
  for (const l of listeners.get(name) ?? []) l(payload);
});

const api = createApi(
  {
    invoke: (name, args) => ipcRenderer.invoke(name, ...args),
    subscribe: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  },
  'electron',
);

contextBridge.exposeInMainWorld('mss', api);
