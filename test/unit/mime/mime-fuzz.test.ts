// Issue 20 point 3, fast subset of the generated-MIME fuzzer (test/torture/mime-fuzz.ts; the torture hostile
// phase runs thousands of cases): body parsing never throws and always gives a storable result.
import { describe, expect, it } from 'vitest';
import { fuzzOne, generateMimeCase } from '../../torture/mime-fuzz';

const SEED = 20;
const CASES = 300;

describe('generated MIME through the body parser', () => {
  it('is deterministic for a seed', () => {
    expect(generateMimeCase(SEED, 7).equals(generateMimeCase(SEED, 7))).toBe(true);
    expect(generateMimeCase(SEED, 7).equals(generateMimeCase(SEED, 8))).toBe(false);
  });

  it(`${CASES} cases: never throws, every result storable`, async () => {
    const broken: string[] = [];
    let withAttachments = 0;
    let damaged = 0;
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const o = await fuzzOne(generateMimeCase(SEED, i));
      if (o.failure) broken.push(`case ${i}: ${o.failure}`);
      if (o.attachments > 0) withAttachments++;
      damaged += o.damaged;
      if (o.refused) refused++;
    }
    expect(broken).toEqual([]);
    // Generated messages stay within the parser's limits; the grammar reaches attachments and damage.
    expect(refused).toBe(0);
    expect(withAttachments).toBeGreaterThan(CASES / 5);
    expect(damaged).toBeGreaterThan(0);
  }, 120_000);
});
