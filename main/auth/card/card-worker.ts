// Entry point of the card worker thread: owns the PKCS#11 module, answers CardService calls one at a
// time, and runs the presence watcher between calls. Build note: must be emitted as its own file
// (card-worker.js next to card-service's output) — see README.md.
import { parentPort } from 'node:worker_threads';
import { CardBackend } from './card-backend';
import { CardError } from './messages';
import { PresenceWatcher } from './presence';
import type { WorkerCall, WorkerEvent, WorkerMessage } from './types';

if (!parentPort) throw new Error('card-worker must run in a worker thread');
const port = parentPort;

let backend: CardBackend | null = null;
let watcher: PresenceWatcher | null = null;
let timer: NodeJS.Timeout | null = null;

const post = (m: WorkerMessage) => port.postMessage(m);
const emit = (e: WorkerEvent) => post(e);

function need(): CardBackend {
  if (!backend) throw new CardError('service-closed', 'worker not initialised');
  return backend;
}

function stopWatch(): void {
  if (timer) clearInterval(timer);
  timer = null;
}

function handle(call: WorkerCall): unknown {
  switch (call.op) {
    case 'init': {
      backend?.close();
      backend = new CardBackend(call.init.modulePath);
      try {
        return backend.open(call.init.reinitializeOnPoll);
      } catch (e) {
        backend = null;
        throw e;
      }
    }
    case 'listReaders':
      return need().listReaders();
    case 'readIdentity':
      return need().readIdentity(call.slotId);
    case 'pinStatus':
      return need().pinStatus(call.slotId);
    case 'login':
      try {
        return need().login(call.slotId, call.pin);
      } finally {
        call.pin?.fill(0);
      }
    case 'sign':
      return need().sign(call.slotId, call.data);
    case 'logout':
      need().logout(call.slotId);
      return null;
    case 'watch': {
      stopWatch();
      watcher = new PresenceWatcher(need(), emit);
      watcher.poll();
      timer = setInterval(() => watcher?.poll(), call.intervalMs);
      return watcher.cards().map((c) => ({ slotId: c.slotId, tokenSerial: c.tokenSerial, idNat: c.identity?.idNat ?? null }));
    }
    case 'unwatch':
      stopWatch();
      watcher = null;
      return null;
    case 'close':
      stopWatch();
      backend?.close();
      backend = null;
      return null;
  }
}

port.on('message', (call: WorkerCall) => {
  try {
    post({ kind: 'reply', id: call.id, ok: true, value: handle(call) });
  } catch (e) {
    if (e instanceof CardError) post({ kind: 'reply', id: call.id, ok: false, reason: e.reason, detail: e.detail });
    else post({ kind: 'reply', id: call.id, ok: false, reason: 'card-error', detail: e instanceof Error ? e.message : String(e) });
  }
});
