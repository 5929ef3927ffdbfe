import { describe, expect, it } from 'vitest';
import { DEFAULT_REFRESH_POLICY, isUsable, refreshAt, refreshDelay, retryDelay } from '../../../main/auth/session/token-schedule';
import { SingleFlight } from '../../../main/auth/session/single-flight';

const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);
const s = (n: number) => n * 1000;

describe('refreshAt', () => {
  it('PSC-like 300 s token: refreshes at 240 s (80 % = 60 s before expiry)', () => {
    expect(refreshAt({ obtainedAt: T0, expiresAt: T0 + s(300) }) - T0).toBe(s(240));
  });

  it('whichever comes first: 80 % for a long token, 60 s before expiry for a 2-minute one', () => {
    expect(refreshAt({ obtainedAt: T0, expiresAt: T0 + s(3600) }) - T0).toBe(s(2880));
    expect(refreshAt({ obtainedAt: T0, expiresAt: T0 + s(120) }) - T0).toBe(s(60));
  });

  it('short token (margin would be before issue): 80 % of the lifetime, but not sooner than 5 s', () => {
    expect(refreshAt({ obtainedAt: T0, expiresAt: T0 + s(30) }) - T0).toBe(s(24));
    expect(refreshAt({ obtainedAt: T0, expiresAt: T0 + s(4) }) - T0).toBe(s(4));
    expect(refreshAt({ obtainedAt: T0, expiresAt: T0 + s(6) }) - T0).toBe(s(5));
  });

  it('refreshDelay is relative to now and never negative', () => {
    const tok = { obtainedAt: T0, expiresAt: T0 + s(300) };
    expect(refreshDelay(tok, T0 + s(100))).toBe(s(140));
    expect(refreshDelay(tok, T0 + s(299))).toBe(0);
  });

  it('honours a custom policy', () => {
    const policy = { ...DEFAULT_REFRESH_POLICY, lifetimeRatio: 0.5, marginMs: s(10) };
    expect(refreshAt({ obtainedAt: T0, expiresAt: T0 + s(300) }, policy) - T0).toBe(s(150));
  });
});

describe('isUsable', () => {
  const tok = { obtainedAt: T0, expiresAt: T0 + s(300) };
  it('is usable until 15 s before expiry', () => {
    expect(isUsable(tok, T0 + s(284))).toBe(true);
    expect(isUsable(tok, T0 + s(285))).toBe(false);
    expect(isUsable(tok, T0 + s(400))).toBe(false);
  });
  it('short tokens get a proportionate skew', () => {
    const short = { obtainedAt: T0, expiresAt: T0 + s(8) };
    expect(isUsable(short, T0 + s(5))).toBe(true);
    expect(isUsable(short, T0 + s(6))).toBe(false);
  });
});

describe('retryDelay', () => {
  it('backs off 5, 10, 20, 40 s then stays at 60 s', () => {
    expect([0, 1, 2, 3, 4, 9].map(retryDelay)).toEqual([5000, 10000, 20000, 40000, 60000, 60000]);
  });
});

describe('SingleFlight', () => {
  it('concurrent callers share one operation; the next call starts a new one', async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    let release!: (n: number) => void;
    const op = () => {
      calls += 1;
      return new Promise<number>((r) => (release = r));
    };
    const a = flight.run(op);
    const b = flight.run(op);
    expect(flight.inFlight).toBe(true);
    release(42);
    expect(await Promise.all([a, b])).toEqual([42, 42]);
    expect(calls).toBe(1);
    expect(flight.inFlight).toBe(false);
    const c = flight.run(op);
    release(7);
    expect(await c).toBe(7);
    expect(calls).toBe(2);
  });

  it('a failure is shared too and does not stick', async () => {
    const flight = new SingleFlight<number>();
    const boom = () => Promise.reject(new Error('boom'));
    const [a, b] = await Promise.allSettled([flight.run(boom), flight.run(boom)]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    expect(await flight.run(async () => 1)).toBe(1);
  });
});
