import { isOpenAt, nextOpeningAfter } from '../calendar/calendar.js';
import type { Schedule } from '../calendar/schedule.js';
import type { Instant } from '../shared/event.js';
import { fromEpochMs, toEpochMs } from '../shared/instant.js';
import type { DialerConfig, DialerState, PendingRetry } from './dialer.state.js';
import { neverAttemptedCount } from './dialer.state.js';

export type Dial = Readonly<{ callId: string; attempt: number; phoneNumber: string }>;

const isOpen = (config: DialerConfig, now: Instant): boolean => config.schedule === null || isOpenAt(config.schedule, now);

const byDueThenOrder = (a: PendingRetry, b: PendingRetry): number =>
  toEpochMs(a.dueAt) - toEpochMs(b.dueAt) || a.order - b.order;

const dueRetries = (state: DialerState, now: Instant): PendingRetry[] => {
  const nowMs = toEpochMs(now);
  return [...state.retries.values()].filter((retry) => toEpochMs(retry.dueAt) <= nowMs).sort(byDueThenOrder);
};

/** A dial may start now: the campaign runs and its window is open. */
export const mayStartDials = (state: DialerState, now: Instant): boolean =>
  state.status === 'in_progress' && state.config !== null && isOpen(state.config, now);

/**
 * What to dial now (DESIGN §6.2, §6.3): only while the campaign runs and its window is open, only
 * into free slots under the cap as it is configured now (a PATCH counts from the next decision),
 * due retries first — earliest due first, ties by call order — then never-attempted calls in the
 * order they were added. A retry not yet due blocks nothing.
 */
export const selectDials = (state: DialerState, now: Instant): Dial[] => {
  if (!mayStartDials(state, now)) return [];
  const free = state.config!.maxConcurrentCalls - state.inFlight.size;
  if (free <= 0) return [];
  const retries = dueRetries(state, now).slice(0, free);
  const dials: Dial[] = retries.map(({ callId, attempt, phoneNumber }) => ({ callId, attempt, phoneNumber }));
  const left = free - retries.length;
  const fresh = [...state.requeued];
  for (let position = state.cursor; position < state.queue.length && fresh.length < left; position += 1) fresh.push(position);
  for (const position of fresh.slice(0, left)) {
    const { callId, phoneNumber } = state.queue.entries[position]!;
    dials.push({ callId, attempt: 1, phoneNumber });
  }
  return dials;
};

const hasWork = (state: DialerState): boolean => neverAttemptedCount(state) > 0 || state.retries.size > 0;

/** The schedule a running campaign with calls left waits on; null when it has none (always open) or nothing waits. */
const scheduleOfWork = (state: DialerState): Schedule | null =>
  state.status === 'in_progress' && hasWork(state) ? (state.config?.schedule ?? null) : null;

/** Set while a running campaign with calls left waits for its window (the campaign view's `nextWindowOpensAt`). */
export const nextWindowOpensAt = (state: DialerState, now: Instant): Instant | null => {
  const schedule = scheduleOfWork(state);
  if (schedule === null || isOpenAt(schedule, now)) return null;
  return nextOpeningAfter(schedule, now)?.toISOString() ?? null;
};

/**
 * The next instant a decision could start a dial without any event arriving first: a retry falling
 * due while the window is open, or the window opening. Null when only an event can change anything.
 */
export const nextDialWakeUp = (state: DialerState, now: Instant): Instant | null => {
  const { config } = state;
  if (state.status !== 'in_progress' || config === null || !hasWork(state)) return null;
  if (!isOpen(config, now)) return nextWindowOpensAt(state, now);
  const nowMs = toEpochMs(now);
  let earliest: number | null = null;
  for (const { dueAt } of state.retries.values()) {
    const dueMs = toEpochMs(dueAt);
    if (dueMs > nowMs && (earliest === null || dueMs < earliest)) earliest = dueMs;
  }
  return earliest === null ? null : fromEpochMs(earliest);
};

/** A running campaign with calls left whose schedule can never open again cannot go on. */
export const scheduleNeverOpens = (state: DialerState, now: Instant): boolean => {
  const schedule = scheduleOfWork(state);
  return schedule !== null && !isOpenAt(schedule, now) && nextOpeningAfter(schedule, now) === null;
};
