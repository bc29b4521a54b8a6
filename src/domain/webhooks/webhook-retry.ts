/**
 * When a failed delivery is tried again, and when the subscription gives up and parks. The clock is
 * the caller's: `failingSinceMs` is when the event that keeps failing was first tried, so a restart
 * neither resets nor extends the retry window.
 */
export type WebhookRetryPolicy = Readonly<{
  initialDelayMs: number;
  maxDelayMs: number;
  /** How long one event may keep failing before the subscription is parked (24 h by default). */
  giveUpAfterMs: number;
}>;

export type WebhookFailureDecision = Readonly<{ kind: 'retry'; atMs: number }> | Readonly<{ kind: 'park' }>;

/** `failures` counts this event's failed tries, this one included (≥ 1). */
export const afterFailedDelivery = (
  policy: WebhookRetryPolicy,
  failures: number,
  failingSinceMs: number,
  nowMs: number,
): WebhookFailureDecision => {
  const delay = Math.min(policy.initialDelayMs * 2 ** Math.max(0, failures - 1), policy.maxDelayMs);
  const deadline = failingSinceMs + policy.giveUpAfterMs;
  if (nowMs >= deadline) return { kind: 'park' };
  // The last retry lands on the deadline rather than past it, so "24 h" means 24 h.
  return { kind: 'retry', atMs: Math.min(nowMs + delay, deadline) };
};
