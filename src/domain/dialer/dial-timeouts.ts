/**
 * When the dialer last knew an attempt to start. `confirmed`: the call stream holds its
 * `CallAttempted` (timed from it); otherwise the dialer took the slot but has not seen the attempt
 * recorded, and waits as long before treating the dial as abandoned.
 */
export type AttemptClock = Readonly<{ callId: string; attempt: number; startedAtMs: number; confirmed: boolean }>;

/** No callback after `timeoutMs` (CALL_TIMEOUT_MS): the attempt ends `timeout`, retried by policy. */
export const dueTimeouts = (clocks: Iterable<AttemptClock>, nowMs: number, timeoutMs: number): AttemptClock[] =>
  [...clocks].filter((clock) => clock.startedAtMs + timeoutMs <= nowMs);

export const nextTimeoutAt = (clocks: Iterable<AttemptClock>, timeoutMs: number): number | null => {
  let earliest: number | null = null;
  for (const { startedAtMs } of clocks) {
    const at = startedAtMs + timeoutMs;
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest;
};
