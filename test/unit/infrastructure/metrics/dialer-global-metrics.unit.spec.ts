import { Registry } from 'prom-client';
import { promDialerMetrics } from '../../../../src/infrastructure/dialer/dialer-metrics.js';

describe('dialer metrics of the global cap', () => {
  it('show the ledger as the worker sees it and count the dials it turned away', async () => {
    const registry = new Registry();
    const metrics = promDialerMetrics(registry);
    metrics.globalSlots(7, 30);
    metrics.globalSlotDenied();
    metrics.globalSlotDenied();
    const text = await registry.metrics();
    expect(text).toContain('dialstream_global_slots{of="in_flight"} 7');
    expect(text).toContain('dialstream_global_slots{of="cap"} 30');
    expect(text).toContain('dialstream_global_slots_denied_total 2');
  });
});
