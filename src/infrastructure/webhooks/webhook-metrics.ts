import { Counter, Histogram, type Registry } from 'prom-client';

/** What the delivery loops report; no subscription label, so the series count stays fixed. */
export interface WebhookMetrics {
  /** One POST answered (2xx: `success`) or failed (non-2xx, timeout, refused: `failure`), and how long it took. */
  attempted(result: 'success' | 'failure', seconds: number): void;
  /** An event delivered, `seconds` after it was recorded: retries and backlog included. */
  delivered(lagSeconds: number): void;
  parked(): void;
}

export const noWebhookMetrics: WebhookMetrics = { attempted: () => undefined, delivered: () => undefined, parked: () => undefined };

/** Several apps in one process (tests) share the registry: each metric is registered once. */
const once = <M>(registry: Registry, name: string, create: () => M): M => (registry.getSingleMetric(name) as M | undefined) ?? create();

export function promWebhookMetrics(registry: Registry): WebhookMetrics {
  const attempts = once(registry, 'dialstream_webhook_deliveries_total', () => new Counter({
    name: 'dialstream_webhook_deliveries_total',
    help: 'Webhook POSTs by result: success (2xx) or failure (other status, timeout, refused address)',
    labelNames: ['result'],
    registers: [registry],
  }));
  const duration = once(registry, 'dialstream_webhook_delivery_duration_seconds', () => new Histogram({
    name: 'dialstream_webhook_delivery_duration_seconds',
    help: 'Time a receiver took to answer one webhook POST, by result',
    labelNames: ['result'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }));
  const lag = once(registry, 'dialstream_webhook_delivery_lag_seconds', () => new Histogram({
    name: 'dialstream_webhook_delivery_lag_seconds',
    help: 'From an event being recorded to its successful delivery, retries included',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 3600, 86400],
    registers: [registry],
  }));
  const parked = once(registry, 'dialstream_webhook_parked_total', () => new Counter({
    name: 'dialstream_webhook_parked_total',
    help: 'Subscriptions parked after failing past the retry window (resume them with POST /webhooks/:id/resume)',
    registers: [registry],
  }));
  for (const result of ['success', 'failure']) attempts.inc({ result }, 0);
  return {
    attempted: (result, seconds) => {
      attempts.inc({ result });
      duration.observe({ result }, seconds);
    },
    delivered: (seconds) => lag.observe(Math.max(0, seconds)),
    parked: () => parked.inc(),
  };
}
