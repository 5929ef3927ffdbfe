// A TCP fault proxy (node:net) between a client and a sandbox port. While a fault is armed, every new
// connection (or only the n-th) gets it at a random point: drop (reset after a delay), cut (close after N
// bytes in one direction), stall (stop forwarding after N bytes, sockets left open), slow (tiny chunks
// with delays). heal() disarms the fault; stalled connections are then destroyed (the NAT finally resets
// them) and slow ones go back to full speed. Deterministic for a given PRNG.
import net from 'node:net';
import { Prng } from '../../sandbox/seed/prng';

export type FaultMode = 'none' | 'drop' | 'cut' | 'stall' | 'slow';

export interface Fault {
  mode: FaultMode;
  /** drop: ms after connect. */
  afterMs?: number;
  /** cut / stall: after this many bytes (the direction below). */
  afterBytes?: number;
  /** Direction whose bytes count: server → client ('down', FETCH responses) or client → server ('up'). */
  direction?: 'up' | 'down';
  /** slow: bytes per tick and tick length. */
  chunk?: number;
  tickMs?: number;
  /** Only the n-th connection after arming gets the fault (0-based); undefined: every connection. */
  onlyConnection?: number;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  stalled: boolean;
  slow: boolean;
  destroy(): void;
}

export class FaultProxy {
  private server: net.Server | null = null;
  private readonly pairs = new Set<Pair>();
  private fault: Fault = { mode: 'none' };
  private armedConnections = 0;
  port = 0;
  /** Connections accepted; faults actually applied. */
  accepted = 0;
  faultsApplied = 0;

  constructor(private readonly targetPort: number, private readonly targetHost = '127.0.0.1') {}

  async start(): Promise<number> {
    this.server = net.createServer((c) => this.onConnection(c));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  arm(f: Fault): void {
    this.fault = f;
    this.armedConnections = 0;
  }

  /** Back to a clean path: no new faults; stalled connections reset, slow ones at full speed. */
  heal(): void {
    this.fault = { mode: 'none' };
    for (const p of [...this.pairs]) {
      if (p.stalled) p.destroy();
      p.slow = false;
    }
  }

  dropAll(): void {
    for (const p of [...this.pairs]) p.destroy();
  }

  get open(): number {
    return this.pairs.size;
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private onConnection(client: net.Socket): void {
    this.accepted++;
    const index = this.armedConnections++;
    const f = this.fault;
    const applies = f.mode !== 'none' && (f.onlyConnection === undefined || f.onlyConnection === index);
    if (applies) this.faultsApplied++;
    const upstream = net.connect(this.targetPort, this.targetHost);
    const timers: NodeJS.Timeout[] = [];
    const pair: Pair = {
      client,
      upstream,
      stalled: false,
      slow: applies && f.mode === 'slow',
      destroy: () => {
        timers.forEach(clearTimeout);
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      },
    };
    this.pairs.add(pair);
    client.on('error', pair.destroy).on('close', pair.destroy);
    upstream.on('error', pair.destroy).on('close', pair.destroy);
    if (applies && f.mode === 'drop') timers.push(setTimeout(pair.destroy, f.afterMs ?? 0));

    const counted = { up: 0, down: 0 };
    const forward = (from: net.Socket, to: net.Socket, dir: 'up' | 'down') => {
      const queue: Buffer[] = [];
      let draining = false;
      const pump = () => {
        if (draining) return;
        draining = true;
        const step = () => {
          if (to.destroyed) return;
          if (!pair.slow) {
            while (queue.length) to.write(queue.shift()!);
            draining = false;
            return;
          }
          const head = queue[0];
          if (!head) {
            draining = false;
            return;
          }
          const n = Math.max(1, f.chunk ?? 64);
          to.write(head.subarray(0, n));
          if (head.length > n) queue[0] = head.subarray(n);
          else queue.shift();
          timers.push(setTimeout(step, f.tickMs ?? 20));
        };
        step();
      };
      from.on('data', (chunk: Buffer) => {
        if (pair.stalled) return; // swallowed: the peer waits forever
        let data = chunk;
        if (applies && (f.mode === 'cut' || f.mode === 'stall') && (f.direction ?? 'down') === dir) {
          const limit = f.afterBytes ?? 0;
          const room = limit - counted[dir];
          counted[dir] += data.length;
          if (room <= 0 || data.length >= room) {
            data = data.subarray(0, Math.max(0, room));
            if (data.length) to.write(data);
            if (f.mode === 'cut') pair.destroy();
            else pair.stalled = true;
            return;
          }
        }
        queue.push(data);
        pump();
      });
    };
    forward(client, upstream, 'up');
    forward(upstream, client, 'down');
  }
}

/** A random fault for one run (modes weighted so that every one is exercised). */
export function randomFault(rng: Prng, maxBytes = 120_000): Fault {
  const mode = rng.pick<FaultMode>(['drop', 'cut', 'stall', 'slow', 'cut', 'drop']);
  const onlyConnection = rng.chance(0.5) ? rng.int(0, 2) : undefined;
  switch (mode) {
    case 'drop':
      return { mode, afterMs: rng.int(0, 1500), onlyConnection };
    case 'cut':
    case 'stall':
      return { mode, afterBytes: rng.int(0, maxBytes), direction: rng.chance(0.8) ? 'down' : 'up', onlyConnection };
    case 'slow':
      return { mode, chunk: rng.int(16, 512), tickMs: rng.int(5, 40), onlyConnection };
    default:
      return { mode: 'none' };
  }
}
