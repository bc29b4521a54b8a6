import type { Instant } from './event.js';

/** Parses an ISO instant; the domain never reads the clock, it only does arithmetic on given instants. */
// A decision reads the same instant several times in a row: the last answer is kept.
let lastInstant = '';
let lastMs = 0;

export const toEpochMs = (instant: Instant): number => {
  if (instant === lastInstant) return lastMs;
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${instant}`);
  [lastInstant, lastMs] = [instant, ms];
  return ms;
};

/** The instant's UTC text, as the service writes it: the same as luxon's in UTC, without building a luxon DateTime (a pure format of `ms`, no clock read). */
export const fromEpochMs = (ms: number): Instant => new Date(ms).toISOString();

export const addMilliseconds = (instant: Instant, ms: number): Instant => fromEpochMs(toEpochMs(instant) + ms);

export const isAtOrBefore = (a: Instant, b: Instant): boolean => toEpochMs(a) <= toEpochMs(b);
