import { randomInt, randomUUID } from 'node:crypto';
import type { OnModuleDestroy } from '@nestjs/common';
import {
  DialRejectedError,
  TelephonyUnavailableError,
  type DialContact,
  type DialRequest,
  type Telephony,
} from '../../application/ports/telephony.port.js';
import { isE164 } from '../../domain/phone/e164.js';
import { MockProviderLimits, type MockLimits } from './mock-provider-limits.js';
import { mockRingMs, planDial, type DialPlan, type DialPlanOptions } from './mock-dial-planner.js';
import { deliverWebhook, type DeliveryResult } from './webhook-delivery.js';
import type { WebhookPayload, WebhookStatus } from './webhook-payload.js';

export type MockTelephonyOptions = Omit<DialPlanOptions, 'seed'> &
  Readonly<{
    /** Unset: a random seed, so outcomes of ordinary numbers differ between runs. */
    seed?: number;
    secret: string;
    /** Send the progress callbacks, `ringing` and `answered` (default true); false: only the final status. */
    progress?: boolean;
    retryDelaysMs?: readonly number[];
    requestTimeoutMs?: number;
    nowMs?: () => number;
    /** TELEPHONY_MOCK_MAX_CPS / _MAX_CONCURRENT: dials beyond them are refused `rate_limited`. */
    limits?: MockLimits;
    /** Told about every callback that could not be delivered. */
    onUndelivered?: (payload: WebhookPayload, result: DeliveryResult) => void;
  }>;

const DEFAULT_RETRY_DELAYS_MS = [250, 1000, 4000];

/**
 * As real providers report (DESIGN §4): a call rings for a quarter of its planned length. Picked
 * up, it is `answered` then and ends `completed` at its full length; nobody answering ends it
 * `no_answer` when the ringing stops; a busy line ends at that point too, without ringing.
 */
const callbackSchedule = (plan: DialPlan & { kind: 'callback' }) => {
  const ringMs = mockRingMs(plan.durationMs);
  return { ringMs, endMs: plan.status === 'completed' ? plan.durationMs : ringMs };
};

/** Only the two documented fields travel back, as a provider would pass its own parameters. */
const echoed = (contact: DialContact): DialContact => ({
  ...(contact.name === undefined ? {} : { name: contact.name }),
  ...(contact.variables === undefined ? {} : { variables: { ...contact.variables } }),
});

/**
 * DESIGN §4: answers `dial()` at once and reports the outcome later through real, signed HTTP
 * callbacks to the request's `callbackUrl`, as a hosted provider would. Nothing is sent after close().
 */
export class MockTelephonyProvider implements Telephony, OnModuleDestroy {
  readonly seed: number;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #deliveries = new Set<Promise<void>>();
  readonly #shutdown = new AbortController();
  readonly #nowMs: () => number;
  readonly #limits: MockProviderLimits;

  constructor(private readonly options: MockTelephonyOptions) {
    if (options.minDurationMs > options.maxDurationMs) throw new RangeError('minDurationMs exceeds maxDurationMs');
    this.seed = options.seed ?? randomInt(2 ** 31);
    this.#nowMs = options.nowMs ?? Date.now;
    this.#limits = new MockProviderLimits(options.limits ?? {});
  }

  async dial(request: DialRequest): Promise<{ providerCallId: string }> {
    if (this.#shutdown.signal.aborted) throw new TelephonyUnavailableError('mock telephony provider is shut down');
    if (!isE164(request.phoneNumber)) throw new DialRejectedError(`not an E.164 number: ${request.phoneNumber}`);
    const plan = planDial({ ...this.options, seed: this.seed }, request.phoneNumber, request.attempt);
    if (plan.kind === 'rejected') throw new DialRejectedError(plan.reason);
    this.#limits.admit(this.#nowMs(), plan.kind === 'callback' ? callbackSchedule(plan).endMs : plan.durationMs);
    const providerCallId = `mock_${randomUUID()}`;
    if (plan.kind === 'callback') this.#scheduleCallbacks(request, providerCallId, plan);
    return { providerCallId };
  }

  /** Callbacks scheduled or being delivered. */
  get pendingCallbacks(): number {
    return this.#timers.size + this.#deliveries.size;
  }

  async close(): Promise<void> {
    this.#shutdown.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#deliveries]);
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  #scheduleCallbacks(request: DialRequest, providerCallId: string, plan: DialPlan & { kind: 'callback' }): void {
    const contact = request.contact === undefined ? {} : { contact: echoed(request.contact) };
    const base = { providerCallId, callId: request.callId, attempt: request.attempt, ...contact };
    const { ringMs, endMs } = callbackSchedule(plan);
    const progress = this.options.progress ?? true;
    if (progress && plan.status !== 'busy') this.#after(Math.floor(ringMs / 2), request.callbackUrl, () => ({ ...base, status: 'ringing' }));
    if (progress && plan.status === 'completed') this.#after(ringMs, request.callbackUrl, () => ({ ...base, status: 'answered' }));
    const optedOut = plan.optOut ? { optedOut: true } : {};
    this.#after(endMs, request.callbackUrl, () => ({ ...base, status: plan.status satisfies WebhookStatus, durationMs: endMs, ...optedOut }));
  }

  #after(delayMs: number, url: string, payload: () => Omit<WebhookPayload, 'occurredAt'>): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#deliver(url, { ...payload(), occurredAt: new Date(this.#nowMs()).toISOString() });
    }, delayMs);
    this.#timers.add(timer);
  }

  #deliver(url: string, payload: WebhookPayload): void {
    const delivery = deliverWebhook(url, payload, {
      secret: this.options.secret,
      retryDelaysMs: this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 10_000,
      signal: this.#shutdown.signal,
      nowMs: this.#nowMs,
    }).then((result) => {
      if (result.result === 'refused' || result.result === 'failed') this.options.onUndelivered?.(payload, result);
    }).catch(() => undefined);
    const tracked = delivery.finally(() => this.#deliveries.delete(tracked));
    this.#deliveries.add(tracked);
  }
}
