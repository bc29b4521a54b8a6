import { mergeExposition } from '../../../../src/infrastructure/metrics/merge-exposition.js';

const family = (name: string, ...samples: string[]) => [`# HELP ${name} about ${name}`, `# TYPE ${name} gauge`, ...samples].join('\n');

describe('one scrape for the API and its worker', () => {
  const api = [family('dialstream_process_cpu', 'dialstream_process_cpu 1'), family('dialstream_telephony_circuit_state', 'dialstream_telephony_circuit_state{state="closed"} 1')].join('\n');
  const worker = [
    family('dialstream_process_cpu', 'dialstream_process_cpu 9'),
    family('dialstream_telephony_circuit_state', 'dialstream_telephony_circuit_state{state="open"} 1'),
    family('dialstream_dialer_in_flight', 'dialstream_dialer_in_flight{campaign="c"} 3'),
  ].join('\n');

  it("keeps the API's own families, takes the ones the worker owns, and adds what only the worker has", () => {
    const merged = mergeExposition(api, worker, ['dialstream_telephony_', 'dialstream_dialer_']);
    expect(merged).toContain('dialstream_process_cpu 1');
    expect(merged).not.toContain('dialstream_process_cpu 9');
    expect(merged).toContain('dialstream_telephony_circuit_state{state="open"} 1');
    expect(merged).not.toContain('state="closed"');
    expect(merged).toContain('dialstream_dialer_in_flight{campaign="c"} 3');
    expect(merged.match(/^# HELP /gm)).toHaveLength(3);
  });

  it('leaves out what the worker owns when it does not answer, rather than report the idle API as the provider', () => {
    const merged = mergeExposition(api, '', ['dialstream_telephony_']);
    expect(merged).toContain('dialstream_process_cpu 1');
    expect(merged).not.toContain('dialstream_telephony_circuit_state');
  });
});
