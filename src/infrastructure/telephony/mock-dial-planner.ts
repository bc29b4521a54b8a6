import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { deterministicBehaviour, type DialBehaviour } from './mock-outcome-table.js';

export type DialPlanOptions = Readonly<{
  minDurationMs: number;
  maxDurationMs: number;
  /** Share of ordinary numbers that end busy or no_answer, 0..1. */
  failureRate: number;
  seed: number;
}>;

export type DialPlan = DialBehaviour & Readonly<{ durationMs: number }>;

/** How long a mock call rings before it is answered: a quarter of its length. */
export const mockRingMs = (durationMs: number): number => Math.floor(durationMs / 4);

/**
 * Each (number, attempt) draws from its own generator seeded with (seed, number, attempt), so a seed
 * repeats the same outcomes and durations however concurrent dials interleave — one shared generator
 * would hand out its draws in whatever order the dials happened to arrive.
 */
const generatorFor = (seed: number, phoneNumber: string, attempt: number) => {
  const digest = createHash('sha256').update(`${seed}|${phoneNumber}|${attempt}`).digest();
  return xoroshiro128plus(digest.readInt32BE(0));
};

export const planDial = (options: DialPlanOptions, phoneNumber: string, attempt: number): DialPlan => {
  const rng = generatorFor(options.seed, phoneNumber, attempt);
  const durationMs = uniformInt(rng, options.minDurationMs, options.maxDurationMs);
  const failureDraw = uniformFloat64(rng);
  const busyDraw = uniformFloat64(rng);
  const fixed = deterministicBehaviour(phoneNumber, attempt);
  if (fixed) return { ...fixed, durationMs };
  if (failureDraw >= options.failureRate) return { kind: 'callback', status: 'completed', durationMs };
  return { kind: 'callback', status: busyDraw < 0.5 ? 'busy' : 'no_answer', durationMs };
};
