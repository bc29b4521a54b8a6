import { IANAZone, type Zone } from 'luxon';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** A zone's UTC offset in ms at an instant. */
export type OffsetLookup = (instant: number) => number;

/** Remembers lookups: windows evaluated together sample the same day-aligned instants. */
export function offsetLookup(zone: Zone): OffsetLookup {
  const known = new Map<number, number>();
  return (instant) => {
    let offset = known.get(instant);
    if (offset === undefined) {
      offset = Math.round(zone.offset(instant) * MINUTE_MS);
      known.set(instant, offset);
    }
    return offset;
  };
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;

/**
 * Like `offsetLookup`, but shared across calls for a zone, so it forgets everything past a size.
 * Every decision asks at a new instant: the offset there is the one at the quarter hours either
 * side when those agree (no zone changes its offset twice within 15 minutes), so most questions
 * are answered from two remembered quarter hours instead of asking Intl.
 */
export function boundedOffsetLookup(name: string): OffsetLookup {
  const zone = IANAZone.create(name);
  const known = new Map<number, number>();
  const exact = (instant: number): number => {
    let offset = known.get(instant);
    if (offset === undefined) {
      if (known.size >= 50_000) known.clear();
      offset = Math.round(zone.offset(instant) * MINUTE_MS);
      known.set(instant, offset);
    }
    return offset;
  };
  return (instant) => {
    const before = Math.floor(instant / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
    if (before === instant) return exact(instant);
    const offset = exact(before);
    return offset === exact(before + QUARTER_HOUR_MS) ? offset : exact(instant);
  };
}

const zoneLookups = new Map<string, OffsetLookup>();

/** One shared bounded lookup per zone name. */
export function zoneOffsetLookup(name: string): OffsetLookup {
  let lookup = zoneLookups.get(name);
  if (lookup === undefined) zoneLookups.set(name, (lookup = boundedOffsetLookup(name)));
  return lookup;
}

/**
 * "Wall" values are what a wall clock in the zone shows, counted in ms since 1970-01-01T00:00 of
 * a clock without zones. Local calendar arithmetic on them is plain integer arithmetic.
 */
export function wallAt(offsetAt: OffsetLookup, instant: number): number {
  return instant + offsetAt(instant);
}

/**
 * When the zone's wall clock shows `wall`. Around DST changes a wall time can happen twice (fall
 * back) or never (spring forward):
 * - `first`: the first instant the clock shows `wall` or later: the earlier occurrence, or the
 *   change itself when `wall` is skipped (luxon would push it forward by the size of the jump);
 * - `last`: the instant from which the clock never again shows a time before `wall`: the later
 *   occurrence, except when the clock falls back onto `wall` exactly (01:00 in New York), as it
 *   then never shows an earlier time again; the change itself when `wall` is skipped.
 * The offsets in force are sampled a day before and after the local date (offsets stay within
 * −12 h…+14 h), assuming at most one change in between, true of every real zone.
 */
export function instantOfWall(offsetAt: OffsetLookup, wall: number, which: 'first' | 'last'): number {
  const localMidnight = Math.floor(wall / DAY_MS) * DAY_MS;
  const offsets = new Set([offsetAt(localMidnight - DAY_MS), offsetAt(localMidnight + 2 * DAY_MS)]);
  const candidates = [...offsets].map((offset) => wall - offset);
  const matches = candidates.filter((instant) => wallAt(offsetAt, instant) === wall);
  if (matches.length === 0) return firstInstantShowing(offsetAt, wall, Math.min(...candidates), Math.max(...candidates));
  if (which === 'first') return Math.min(...matches);
  const reachedFromBelow = matches.filter((instant) => wallAt(offsetAt, instant - 1) < wall);
  return Math.max(...(reachedFromBelow.length > 0 ? reachedFromBelow : matches));
}

/** Binary search over the skipped range, where the wall clock only moves forward. */
function firstInstantShowing(offsetAt: OffsetLookup, wall: number, low: number, high: number): number {
  let before = low;
  let after = high;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (wallAt(offsetAt, middle) >= wall) after = middle;
    else before = middle;
  }
  return after;
}
