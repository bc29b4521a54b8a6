import { dueTimeouts, nextTimeoutAt, type AttemptClock } from '../../domain/dialer/dial-timeouts.js';
import type { InFlightDial } from '../../domain/dialer/dialer.state.js';

/**
 * When each dial in flight started, for CALL_TIMEOUT_MS. A new slot starts unconfirmed (timed from
 * now); once its `CallAttempted` is known it is timed from that. Clocks of dials with a side effect
 * running here (`busy`) are neither due nor waited for.
 */
export class AttemptClocks {
  readonly #clocks = new Map<string, AttemptClock>();

  constructor(private readonly timeoutMs: number) {}

  /** Follows the dials in flight from `before` to `after`: new slots get a clock, ended ones lose it. */
  sync(before: ReadonlyMap<string, InFlightDial>, after: ReadonlyMap<string, InFlightDial>, nowMs: number): void {
    for (const [callId, dial] of before) {
      if (after.get(callId)?.attempt !== dial.attempt) this.#clocks.delete(callId);
    }
    for (const [callId, { attempt }] of after) {
      if (before.get(callId)?.attempt !== attempt) this.#clocks.set(callId, { callId, attempt, startedAtMs: nowMs, confirmed: false });
    }
  }

  set(clock: AttemptClock): void {
    const current = this.#clocks.get(clock.callId);
    if (current && current.attempt === clock.attempt) this.#clocks.set(clock.callId, clock);
  }

  due(nowMs: number, busy: ReadonlySet<string>): AttemptClock[] {
    return dueTimeouts(this.#idle(busy), nowMs, this.timeoutMs);
  }

  nextAt(busy: ReadonlySet<string>): number | null {
    return nextTimeoutAt(this.#idle(busy), this.timeoutMs);
  }

  #idle(busy: ReadonlySet<string>): AttemptClock[] {
    return [...this.#clocks.values()].filter((clock) => !busy.has(clock.callId));
  }
}
