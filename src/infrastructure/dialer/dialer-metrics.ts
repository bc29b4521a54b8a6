import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DialerMetrics } from '../../application/dialer/dialer.types.js';

const existing = <T>(registry: Registry, name: string): T | undefined => registry.getSingleMetric(name) as T | undefined;

/** Prometheus metrics of the dialer; created once per registry, so several runners in one process share them. */
export const promDialerMetrics = (registry: Registry): DialerMetrics => {
  const started =
    existing<Counter>(registry, 'dialstream_dialer_dials_started_total') ??
    new Counter({ name: 'dialstream_dialer_dials_started_total', help: 'Dials started (DialStarted appended)', registers: [registry] });
  const inFlight =
    existing<Gauge<'campaign'>>(registry, 'dialstream_dialer_in_flight') ??
    new Gauge({ name: 'dialstream_dialer_in_flight', help: 'Dials in flight per campaign owned here', labelNames: ['campaign'], registers: [registry] });
  const refill =
    existing<Histogram>(registry, 'dialstream_dialer_slot_refill_seconds') ??
    new Histogram({
      name: 'dialstream_dialer_slot_refill_seconds',
      help: 'From an outcome event seen to the next DialStarted appended',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
  const global =
    existing<Gauge<'of'>>(registry, 'dialstream_global_slots') ??
    new Gauge({ name: 'dialstream_global_slots', help: 'Global slot ledger as this worker sees it: of="in_flight" (grants open) and of="cap" (MAX_CONCURRENT_CALLS)', labelNames: ['of'], registers: [registry] });
  const denied =
    existing<Counter>(registry, 'dialstream_global_slots_denied_total') ??
    new Counter({ name: 'dialstream_global_slots_denied_total', help: 'Dials the global slot ledger turned away (slot given back, the call waits for global_cap)', registers: [registry] });
  return {
    globalSlots: (inFlightNow, cap) => {
      global.set({ of: 'in_flight' }, inFlightNow);
      global.set({ of: 'cap' }, cap);
    },
    globalSlotDenied: () => denied.inc(),
    dialsStarted: (count) => started.inc(count),
    inFlight: (campaign, count) => inFlight.set({ campaign }, count),
    slotRefilled: (ms) => refill.observe(ms / 1000),
    campaignReleased: (campaign) => inFlight.remove({ campaign }),
  };
};
