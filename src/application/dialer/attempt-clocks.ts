import type { AttemptClock } from '../../domain/dialer/dial-timeouts.js';
import type { InFlightDial } from '../../domain/dialer/dialer.state.js';

/**
 * When each dial in flight started (ring clock) and, once answered, when its conversation started.
 * A new slot starts unconfirmed (timed from now); once its `CallAttempted` is known it is timed from
 * that. The workflow decides which have run out.
 */
export class AttemptClocks {
  readonly #clocks = new Map<string, AttemptClock>();

  get all(): ReadonlyMap<string, AttemptClock> {
    return this.#clocks;
  }

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
}
