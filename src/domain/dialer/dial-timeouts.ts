/**
 * When the dialer last knew an attempt to start. `confirmed`: the call stream holds its
 * `CallAttempted` (timed from it); otherwise the dialer took the slot but has not seen the attempt
 * recorded, and waits as long before treating the dial as abandoned. `answeredAtMs`: the call
 * stream holds its `CallAnswered`; from then on only the conversation clock runs.
 */
export type AttemptClock = Readonly<{
  callId: string;
  attempt: number;
  startedAtMs: number;
  confirmed: boolean;
  answeredAtMs: number | null;
}>;

/**
 * The two clocks of DESIGN §5: `ringMs` (CALL_TIMEOUT_MS) until the call is answered or ends, then
 * `maxDurationMs` (CALL_MAX_DURATION_MS) for the conversation.
 */
export type AttemptLimits = Readonly<{ ringMs: number; maxDurationMs: number }>;

/** Which clock runs for the attempt, and when it runs out. */
export const attemptDeadline = (clock: AttemptClock, limits: AttemptLimits): { clock: 'ring' | 'conversation'; atMs: number } =>
  clock.answeredAtMs === null
    ? { clock: 'ring', atMs: clock.startedAtMs + limits.ringMs }
    : { clock: 'conversation', atMs: clock.answeredAtMs + limits.maxDurationMs };

export const dueTimeouts = (clocks: Iterable<AttemptClock>, nowMs: number, limits: AttemptLimits): AttemptClock[] =>
  [...clocks].filter((clock) => attemptDeadline(clock, limits).atMs <= nowMs);

export const nextTimeoutAt = (clocks: Iterable<AttemptClock>, limits: AttemptLimits): number | null => {
  let earliest: number | null = null;
  for (const clock of clocks) {
    const { atMs } = attemptDeadline(clock, limits);
    if (earliest === null || atMs < earliest) earliest = atMs;
  }
  return earliest;
};
