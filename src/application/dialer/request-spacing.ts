import type { DialBudget } from '../ports/pacing.port.js';

/**
 * The requests this process sent in the last window, checked and recorded in the same tick as the
 * request goes out. The shared slots bound the rate across instances, but a slot granted while the
 * event loop is busy may be used late and bunch with the next one; this keeps the process's own
 * requests inside the budget whatever the delay.
 */
export class RequestSpacing {
  readonly #sent: number[] = [];

  constructor(private readonly budget: DialBudget | null) {}

  /** 0: a request may go now, and is counted; otherwise how many ms until one may. */
  take(nowMs: number): number {
    if (this.budget === null) return 0;
    const { count, windowMs } = this.budget;
    while (this.#sent.length > 0 && this.#sent[0]! <= nowMs - windowMs) this.#sent.shift();
    if (this.#sent.length >= count) return this.#sent[0]! + windowMs - nowMs;
    this.#sent.push(nowMs);
    return 0;
  }
}
