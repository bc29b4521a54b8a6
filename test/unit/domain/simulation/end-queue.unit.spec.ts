import fc from 'fast-check';
import { emptyEndQueue, nextEndAt, popDueEnds, pushEnd } from '../../../../src/domain/simulation/end-queue.js';
import { seededRandom } from '../../../../src/domain/simulation/seeded-random.js';

describe('the simulation end queue', () => {
  it('gives the ends due by any instant in time order, ties in the order pushed, as a stable sort would', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 60 }), fc.array(fc.integer({ min: -1, max: 21 }), { maxLength: 5 }), (ops, nows) => {
        const queue = emptyEndQueue<number>();
        const model: Array<{ atMs: number; item: number }> = [];
        const popped: number[] = [];
        const expected: number[] = [];
        ops.forEach(([atMs, popNow], item) => {
          pushEnd(queue, atMs, item);
          model.push({ atMs, item });
          if (!popNow) return;
          const now = nows[item % Math.max(1, nows.length)] ?? atMs;
          popped.push(...popDueEnds(queue, now));
          const due = model.filter((e) => e.atMs <= now).sort((a, b) => a.atMs - b.atMs);
          expected.push(...due.map((e) => e.item));
          model.splice(0, model.length, ...model.filter((e) => e.atMs > now));
        });
        expect(popped).toEqual(expected);
        expect(nextEndAt(queue)).toBe(model.length === 0 ? null : Math.min(...model.map((e) => e.atMs)));
        expect(popDueEnds(queue, Infinity)).toEqual([...model].sort((a, b) => a.atMs - b.atMs).map((e) => e.item));
        expect(nextEndAt(queue)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('the seeded random source', () => {
  it('draws the same numbers from the same seed, others from another, all in [0, 1)', () => {
    const draws = (seed: number) => Array.from({ length: 1_000 }, seededRandom(seed));
    const [a, again, b] = [draws(12), draws(12), draws(13)];
    expect(again).toEqual(a);
    expect(b).not.toEqual(a);
    expect([...a, ...b].every((x) => x >= 0 && x < 1)).toBe(true);
    // Spread over the interval, not stuck in a corner of it.
    const mean = a.reduce((sum, x) => sum + x, 0) / a.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(new Set(a).size).toBe(a.length);
    // A report names its seed so that a run can be repeated later: the draws of a seed never change.
    expect(a.slice(0, 3)).toEqual([0.2881509135477245, 0.07566750887781382, 0.5801610664930195]);
  });
});
