import type { DialBudget } from '../ports/pacing.port.js';

/**
 * The requests this process sent in the last window, checked and recorded in the same tick as the
 * request goes out. The shared slots bound the rate across instances, but a slot granted while the
 * event loop is busy may be used late and bunch with the next one; this keeps the process's own
 * requests inside the budget whatever the delay.
 */
/** Kept between a request and the one a window later: clocks (ours, the provider's) are not exact. */
export const SPACING_MARGIN_MS = 5;

export class RequestSpacing {
  readonly #sent: number[] = [];

  constructor(private readonly budget: DialBudget | null) {}

  /** 0: a request may go now, and is counted; otherwise how many ms until one may. */
  take(nowMs: number): number {
    if (this.budget === null) return 0;
    const span = this.budget.windowMs + SPACING_MARGIN_MS;
    while (this.#sent.length > 0 && this.#sent[0]! + span <= nowMs) this.#sent.shift();
    if (this.#sent.length >= this.budget.count) return this.#sent[0]! + span - nowMs;
    this.#sent.push(nowMs);
    return 0;
  }
}
