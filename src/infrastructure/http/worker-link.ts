import { metricsRegistry } from '../metrics/metrics.js';
import { mergeExposition } from '../metrics/merge-exposition.js';
import type { ReadinessCheck } from './readiness.js';

/**
 * Under `dialstream start` the dialer, the provider's circuit breaker and webhook delivery run in
 * the worker process (WORKER_URL). The API answers for the whole service: its readiness reports
 * the worker's provider check and its metrics carry the worker's families, so probes and scrapers
 * need one address, as with one process.
 */
const ASK_TIMEOUT_MS = 2_000;
const WORKER_FAMILIES = ['dialstream_dialer_', 'dialstream_global_', 'dialstream_telephony_', 'dialstream_webhook_'];

type Check = { name: string; ok: boolean } & Record<string, unknown>;

const ask = (workerUrl: string, path: string): Promise<Response> => fetch(new URL(path, workerUrl), { signal: AbortSignal.timeout(ASK_TIMEOUT_MS) });

/** The worker's `provider` check, as if it ran here; an unreachable worker fails it (nothing can be dialed). */
export const workerProviderCheck = (workerUrl: string): ReadinessCheck => ({
  name: 'provider',
  async run() {
    const response = await ask(workerUrl, '/health/ready').catch((error: unknown) => {
      throw new Error(`the worker process at ${workerUrl} does not answer: ${(error as Error).message}`);
    });
    const body = (await response.json().catch(() => ({}))) as { checks?: Check[]; details?: { checks?: Check[] } };
    const provider = (body.checks ?? body.details?.checks ?? []).find((check) => check.name === 'provider');
    if (!provider) throw new Error(`the worker process at ${workerUrl} reported no provider check (HTTP ${response.status})`);
    const { name: _name, ok, error, ...state } = provider;
    if (!ok) throw new Error(`worker: ${String(error)}`);
    return state;
  },
});

/** This process's metrics, with the worker's merged in; without the worker, this process's alone. */
export const serviceMetrics = async (workerUrl: string | undefined): Promise<string> => {
  const own = await metricsRegistry.metrics();
  if (workerUrl === undefined) return own;
  const worker = await ask(workerUrl, '/metrics')
    .then((response) => (response.ok ? response.text() : ''))
    .catch(() => '');
  return mergeExposition(own, worker, WORKER_FAMILIES);
};
