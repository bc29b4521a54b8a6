import { currentWindowEnd, isOpenAt, nextOpeningAfter } from '../calendar/calendar.js';
import type { Schedule } from '../calendar/schedule.js';
import type { Instant } from '../shared/event.js';
import { toEpochMs } from '../shared/instant.js';

type Span = { from: number; to: number; open: boolean };

/**
 * `isOpenAt` for a log read in time order: the answer holds until the window closes (or opens), so
 * each schedule keeps its current span and the calendar is asked again only past it. Most of the
 * cost of verifying was time-zone arithmetic repeated for every attempt.
 */
export const openScheduleMemo = () => {
  const spans = new WeakMap<Schedule, Span>();
  return (schedule: Schedule, instant: Instant): boolean => {
    const at = toEpochMs(instant);
    const known = spans.get(schedule);
    if (known !== undefined && known.from <= at && at < known.to) return known.open;
    const open = isOpenAt(schedule, instant);
    const edge = open ? currentWindowEnd(schedule, instant) : nextOpeningAfter(schedule, instant);
    spans.set(schedule, { from: at, to: edge === null ? Number.POSITIVE_INFINITY : edge.getTime(), open });
    return open;
  };
};
