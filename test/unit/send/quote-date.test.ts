import { afterEach, describe, expect, it } from 'vitest';
import { formatFrenchDate } from '../../../main/send/prepare';

// The quote header ("Le 07/12/2026 à 15:30, … a écrit") follows the workstation's time zone, not a fixed one.
describe('formatFrenchDate', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('formats in the system time zone', () => {
    const ms = Date.UTC(2026, 11, 7, 12, 0);
    process.env.TZ = 'America/Cayenne';
    expect(formatFrenchDate(ms)).toBe('07/12/2026 à 09:00');
    process.env.TZ = 'Indian/Reunion';
    expect(formatFrenchDate(ms)).toBe('07/12/2026 à 16:00');
  });
});
