import { type Interval } from '../calendar/open-intervals.js';

/** Sorted, disjoint, non-touching intervals covering the same instants, clipped to [from, to). */
export function normalize(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const merged: Interval[] = [];
  for (const { start, end } of [...intervals].sort((a, b) => a.start - b.start)) {
    const clipped = { start: Math.max(start, from), end: Math.min(end, to) };
    if (clipped.end <= clipped.start) continue;
    const last = merged.at(-1);
    if (last !== undefined && clipped.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, clipped.end) };
    else merged.push(clipped);
  }
  return merged;
}

/** Instants inside both normalized sets, normalized. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const both: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) both.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return both;
}

export const contains = (intervals: readonly Interval[], at: number): boolean =>
  intervals.some(({ start, end }) => start <= at && at < end);
