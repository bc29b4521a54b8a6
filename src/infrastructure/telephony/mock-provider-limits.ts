import { ProviderRateLimitedError } from '../../application/ports/telephony.port.js';

export type MockLimits = Readonly<{ maxCps?: number; maxConcurrent?: number }>;

/**
 * What a real account enforces (DESIGN §4): accepted dials per rolling window and calls in progress.
 * A dial beyond either is refused with `rate_limited` and is not counted. A fractional rate (0.5/s)
 * is one dial per 2 s; a call counts until its last status would be reported, even if that is lost.
 */
export class MockProviderLimits {
  readonly #accepted: number[] = [];
  #callEnds: number[] = [];

  constructor(private readonly limits: MockLimits) {}

  /** Throws ProviderRateLimitedError, or counts a dial accepted at `nowMs` that ends after `lastsMs`. */
  admit(nowMs: number, lastsMs: number): void {
    this.#checkRate(nowMs);
    this.#checkConcurrency(nowMs);
    if (this.limits.maxCps !== undefined) this.#accepted.push(nowMs);
    if (this.limits.maxConcurrent !== undefined) this.#callEnds.push(nowMs + lastsMs);
  }

  #checkRate(nowMs: number): void {
    const { maxCps } = this.limits;
    if (maxCps === undefined) return;
    const count = Math.max(1, Math.floor(maxCps));
    const windowMs = (count * 1000) / maxCps;
    while (this.#accepted.length > 0 && this.#accepted[0]! <= nowMs - windowMs) this.#accepted.shift();
    if (this.#accepted.length < count) return;
    const retryAfterMs = Math.max(1, Math.ceil(this.#accepted[0]! + windowMs - nowMs));
    throw new ProviderRateLimitedError(`mock provider: more than ${maxCps} dials per second`, retryAfterMs);
  }

  #checkConcurrency(nowMs: number): void {
    const { maxConcurrent } = this.limits;
    if (maxConcurrent === undefined) return;
    this.#callEnds = this.#callEnds.filter((end) => end > nowMs);
    if (this.#callEnds.length < maxConcurrent) return;
    const retryAfterMs = Math.max(1, Math.min(...this.#callEnds) - nowMs);
    throw new ProviderRateLimitedError(`mock provider: ${maxConcurrent} calls already in progress`, retryAfterMs);
  }
}
