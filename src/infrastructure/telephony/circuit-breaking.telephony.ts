import { BrokenCircuitError, circuitBreaker, CircuitState as CockatielState, ConsecutiveBreaker, handleType, type CircuitBreakerPolicy } from 'cockatiel';
import type { CircuitState, ProviderCircuit } from '../../application/ports/pacing.port.js';
import { ProviderCircuitOpenError, TelephonyUnavailableError, type DialRequest, type Telephony } from '../../application/ports/telephony.port.js';

export type BreakerOptions = Readonly<{ consecutiveFailures: number; halfOpenAfterMs: number }>;

const STATES: Record<CockatielState, CircuitState> = {
  [CockatielState.Closed]: 'closed',
  [CockatielState.Open]: 'open',
  [CockatielState.HalfOpen]: 'half_open',
  [CockatielState.Isolated]: 'open',
};

/**
 * Stops dialing while the provider keeps failing (cockatiel's breaker): after N consecutive
 * TelephonyUnavailableErrors every dial fails fast with ProviderCircuitOpenError, which is not an
 * attempt outcome; after `halfOpenAfterMs` one dial probes, and its success closes the circuit.
 * A rejected number or a rate limit is the provider answering, so it counts as a success.
 */
export class CircuitBreakingTelephony implements Telephony, ProviderCircuit {
  readonly #policy: CircuitBreakerPolicy;
  #openedAtMs = 0;

  constructor(
    private readonly inner: Telephony,
    private readonly options: BreakerOptions,
    onStateChange: (state: CircuitState) => void = () => undefined,
  ) {
    this.#policy = circuitBreaker(handleType(TelephonyUnavailableError), {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.consecutiveFailures),
    });
    this.#policy.onBreak(() => {
      this.#openedAtMs = Date.now();
    });
    this.#policy.onStateChange((state) => onStateChange(STATES[state]));
  }

  async dial(request: DialRequest): Promise<{ providerCallId: string }> {
    let answered: { accepted: { providerCallId: string } } | { refused: unknown };
    try {
      answered = await this.#policy.execute(() => this.#answer(request));
    } catch (error) {
      if (!(error instanceof BrokenCircuitError)) throw error;
      const retryAfterMs = Math.max(1, this.#openedAtMs + this.options.halfOpenAfterMs - Date.now());
      throw new ProviderCircuitOpenError('the provider keeps failing: dialing paused until a probe succeeds', retryAfterMs);
    }
    if ('refused' in answered) throw answered.refused;
    return answered.accepted;
  }

  /** Any answer but unavailability is a success for the breaker: cockatiel would neither count nor reset on it otherwise. */
  async #answer(request: DialRequest): Promise<{ accepted: { providerCallId: string } } | { refused: unknown }> {
    try {
      return { accepted: await this.inner.dial(request) };
    } catch (error) {
      if (error instanceof TelephonyUnavailableError) throw error;
      return { refused: error };
    }
  }

  /** `open` until the first dial after `halfOpenAfterMs`, which is the probe. */
  state(): CircuitState {
    return STATES[this.#policy.state];
  }
}
