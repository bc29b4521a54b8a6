import { dueTimeouts, nextTimeoutAt, type AttemptClock, type AttemptLimits } from '../../domain/dialer/dial-timeouts.js';
import type { InFlightDial } from '../../domain/dialer/dialer.state.js';

/**
 * When each dial in flight started (ring clock) and, once answered, when its conversation started.
 * A new slot starts unconfirmed (timed from now); once its `CallAttempted` is known it is timed from
 * that. Clocks of dials with a side effect running here (`busy`) are neither due nor waited for.
 */
export class AttemptClocks {
  readonly #clocks = new Map<string, AttemptClock>();

  constructor(private readonly limits: AttemptLimits) {}

  /** Follows the dials in flight from `before` to `after`: new slots get a clock, ended ones lose it. */
  sync(before: ReadonlyMap<string, InFlightDial>, after: ReadonlyMap<string, InFlightDial>, nowMs: number): void {
    for (const [callId, dial] of before) {
      if (after.get(callId)?.attempt !== dial.attempt) this.#clocks.delete(callId);
    }
    for (const [callId, { attempt }] of after) {
      if (before.get(callId)?.attempt !== attempt) this.#clocks.set(callId, { callId, attempt, startedAtMs: nowMs, confirmed: false, answeredAtMs: null });
    }
  }

  /** An answer once seen is kept: a later look that does not carry it cannot restart the ring clock. */
  set(clock: AttemptClock): void {
    const current = this.#clocks.get(clock.callId);
    if (!current || current.attempt !== clock.attempt) return;
    this.#clocks.set(clock.callId, { ...clock, answeredAtMs: clock.answeredAtMs ?? current.answeredAtMs });
  }

  answered(callId: string, attempt: number, atMs: number): void {
    const current = this.#clocks.get(callId);
    if (current?.attempt === attempt && current.answeredAtMs === null) this.#clocks.set(callId, { ...current, confirmed: true, answeredAtMs: atMs });
  }

  due(nowMs: number, busy: ReadonlySet<string>): AttemptClock[] {
    return dueTimeouts(this.#idle(busy), nowMs, this.limits);
  }

  nextAt(busy: ReadonlySet<string>): number | null {
    return nextTimeoutAt(this.#idle(busy), this.limits);
  }

  #idle(busy: ReadonlySet<string>): AttemptClock[] {
    return [...this.#clocks.values()].filter((clock) => !busy.has(clock.callId));
  }
}
