export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Local wall-clock times `HH:mm` (`end` may also be `24:00`); an `end` before `start` runs past
 * midnight into the next day. `days` are the days the window starts on.
 */
export type TimeWindow = Readonly<{ days: readonly Weekday[]; start: string; end: string }>;

export type Schedule = Readonly<{
  /** IANA zone, e.g. America/New_York. */
  timezone: string;
  windows: readonly TimeWindow[];
  /** Local dates `yyyy-MM-dd` in `timezone` on which no window opens. */
  blackoutDates: readonly string[];
}>;
