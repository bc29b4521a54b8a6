import { Counter, Gauge, type Registry } from 'prom-client';
import type { CircuitState, ProviderCircuit } from '../../application/ports/pacing.port.js';
import type { ReadinessCheck } from '../http/readiness.js';

const STATES: readonly CircuitState[] = ['closed', 'open', 'half_open'];
let current: ProviderCircuit | null = null;

/**
 * `dialstream_telephony_circuit_state{state}` (1 for the current state) and transitions by state.
 * One gauge per registry reads the circuit of the latest app in this process.
 */
export const providerCircuitMetrics = (registry: Registry, circuit: ProviderCircuit): ((state: CircuitState) => void) => {
  current = circuit;
  if (!registry.getSingleMetric('dialstream_telephony_circuit_state')) {
    new Gauge({
      name: 'dialstream_telephony_circuit_state',
      help: "The provider's circuit breaker: 1 for its current state (open: dialing is paused)",
      labelNames: ['state'],
      registers: [registry],
      collect() {
        for (const state of STATES) this.set({ state }, current?.state() === state ? 1 : 0);
      },
    });
  }
  const transitions =
    (registry.getSingleMetric('dialstream_telephony_circuit_transitions_total') as Counter<'to'> | undefined) ??
    new Counter({ name: 'dialstream_telephony_circuit_transitions_total', help: 'Circuit breaker state changes, by the state entered', labelNames: ['to'], registers: [registry] });
  return (state) => transitions.inc({ to: state });
};

/** An open circuit does not make the service unready (it still serves and probes); it is reported. */
export const providerReadinessCheck = (circuit: ProviderCircuit): ReadinessCheck => ({
  name: 'provider',
  run: async () => ({ circuit: circuit.state() }),
});
