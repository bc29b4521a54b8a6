export type RateDecision = { ok: true } | { ok: false; retryInMs: number };

/**
 * The calls-per-second gate (DESIGN §7.3): one budget per deployment and provider account, shared
 * by every instance. Ask before each dial; a refusal says when a token is due.
 */
/** At most `count` dial requests in any rolling `windowMs`. */
export type DialBudget = Readonly<{ count: number; windowMs: number }>;

export interface DialRateLimiter {
  /** The budget the slots hand out; null: no rate limit. */
  readonly budget: DialBudget | null;
  tryAcquire(): Promise<RateDecision>;
  /** The provider pushed back: no token is handed out, on any instance, for `retryAfterMs` (else a second). */
  slowDown(retryAfterMs?: number): Promise<void>;
}

export const DIAL_RATE_LIMITER = Symbol('DialRateLimiter');

export type CircuitState = 'closed' | 'open' | 'half_open';

/** The breaker around the provider's dial: `open` means dials fail fast with ProviderCircuitOpenError. */
export interface ProviderCircuit {
  state(): CircuitState;
}

export const PROVIDER_CIRCUIT = Symbol('ProviderCircuit');
