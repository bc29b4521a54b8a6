import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DialBudget, DialRateLimiter, RateDecision } from '../../application/ports/pacing.port.js';

/** `count` dials per `windowSeconds`, whole seconds because rate-limiter-flexible's Redis store keeps whole-second TTLs. */
export type SlotPlan = Readonly<{ count: number; windowSeconds: number }>;

/**
 * A rate as N slots of one dial per rolling window, rounded down so the plan is never faster than
 * the limit: 50/s → 50 per 1 s, 2.5/s → 2 per 1 s, 0.3/s → 1 per 4 s.
 */
export const slotPlan = (perSecond: number): SlotPlan =>
  perSecond >= 1 ? { count: Math.floor(perSecond), windowSeconds: 1 } : { count: 1, windowSeconds: Math.ceil(1 / perSecond) };

export type LimiterParts = Readonly<{
  /** points 1 over `windowSeconds`: each key is one slot, busy for a full window after its dial. */
  slots: RateLimiterAbstract | null;
  /** points 1: `block`ed by slowDown. */
  pause: RateLimiterAbstract;
  plan: SlotPlan | null;
  /**
   * The next slot number, atomically across instances. A store that lost its keys (a Redis
   * restart) may have forgotten the dials of the last window: when the counter starts afresh, the
   * same atomic step pauses everyone for one window, before any other ticket is handed out.
   */
  nextTicket(): Promise<number>;
}>;

export const PAUSE_KEY = 'pause';
/** A store that answers with an error is not a permission to dial: look again shortly. */
const STORE_DOWN_RETRY_MS = 500;

/**
 * A fixed window of N per second lets 2N through across its edge. Here each of N slots is a
 * rate-limiter-flexible key that holds one dial for a whole window from the moment it was taken,
 * and tickets hand the slots out in turn: two dials on one slot are a window apart, so no rolling
 * window ever holds more than N.
 */
export class SlottedDialRateLimiter implements DialRateLimiter {
  readonly budget: DialBudget | null;

  constructor(private readonly parts: LimiterParts) {
    this.budget = parts.plan && { count: parts.plan.count, windowMs: parts.plan.windowSeconds * 1_000 };
  }

  async tryAcquire(): Promise<RateDecision> {
    const { slots, plan } = this.parts;
    try {
      const ticket = slots === null || plan === null ? null : await this.parts.nextTicket();
      const paused = await this.parts.pause.get(PAUSE_KEY);
      if (paused !== null && paused.consumedPoints > 1) return { ok: false, retryInMs: Math.max(1, paused.msBeforeNext) };
      if (ticket === null) return { ok: true };
      await slots!.consume(`slot:${ticket % plan!.count}`);
      return { ok: true };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { ok: false, retryInMs: Math.max(1, error.msBeforeNext) };
      return { ok: false, retryInMs: STORE_DOWN_RETRY_MS };
    }
  }

  async slowDown(retryAfterMs = 1000): Promise<void> {
    await this.parts.pause.block(PAUSE_KEY, Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }
}
