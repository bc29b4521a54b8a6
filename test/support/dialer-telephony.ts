import { randomUUID } from 'node:crypto';
import { RecordCallAnsweredCommand } from '../../src/application/calls/record-call-answered.command.js';
import { RecordCallAnsweredHandler } from '../../src/application/calls/record-call-answered.handler.js';
import { RecordCallOutcomeCommand } from '../../src/application/calls/record-call-outcome.command.js';
import { RecordCallOutcomeHandler } from '../../src/application/calls/record-call-outcome.handler.js';
import { handleCallCommand } from '../../src/application/command-handling/domain-handlers.js';
import { systemClock, type Clock } from '../../src/application/ports/clock.port.js';
import type { EventStore } from '../../src/application/ports/event-store.port.js';
import {
  DialRejectedError,
  TelephonyUnavailableError,
  type DialRequest,
  type Telephony,
} from '../../src/application/ports/telephony.port.js';
import type { CallOutcome } from '../../src/domain/call/call.events.js';
import type { RetryPolicy } from '../../src/domain/campaign/campaign-config.js';
import { deterministicBehaviour } from '../../src/infrastructure/telephony/mock-outcome-table.js';

export type ScriptedTelephonyOptions = Readonly<{
  minDurationMs: number;
  maxDurationMs: number;
  clock?: Clock;
  /** Makes every dial fail as if the provider were down. */
  unavailable?: () => boolean;
  /**
   * Record outcomes with this policy straight through the call decider, skipping the webhook
   * handler's read of the campaign stream (whose numbers can weigh megabytes): for throughput runs.
   */
  retryPolicy?: RetryPolicy;
  /** Hold every callback until the test calls `release(callId)`: the test orders the outcomes. */
  manual?: boolean;
}>;

const OUTCOME = { completed: 'answered', busy: 'busy', no_answer: 'no_answer' } as const satisfies Record<string, CallOutcome>;

/**
 * The mock provider's behaviour table (DESIGN §4) without HTTP, for the integration tier: the answer
 * and the outcome are recorded through the same command handlers the signed webhook uses.
 */
export class ScriptedTelephony implements Telephony {
  readonly dials: Array<DialRequest & { at: number }> = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #recording = new Set<Promise<unknown>>();
  readonly #handler: RecordCallOutcomeHandler;
  readonly #answers: RecordCallAnsweredHandler;
  readonly #held = new Map<string, () => void>();
  #closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly options: ScriptedTelephonyOptions,
  ) {
    this.#handler = new RecordCallOutcomeHandler(store, options.clock);
    this.#answers = new RecordCallAnsweredHandler(store, options.clock);
  }

  async dial(request: DialRequest): Promise<{ providerCallId: string }> {
    if (this.#closed || this.options.unavailable?.()) throw new TelephonyUnavailableError('provider down');
    this.dials.push({ ...request, at: Date.now() });
    const behaviour = deterministicBehaviour(request.phoneNumber, request.attempt) ?? { kind: 'callback', status: 'completed' };
    if (behaviour.kind === 'rejected') throw new DialRejectedError(behaviour.reason);
    const providerCallId = `scripted_${randomUUID()}`;
    if (behaviour.kind === 'lost') return { providerCallId };
    const { minDurationMs: min, maxDurationMs: max } = this.options;
    const durationMs = min + Math.floor(Math.random() * (max - min + 1));
    // As the mock provider: a call that is picked up is answered a quarter into it (at once when held).
    if (behaviour.status === 'completed') this.#later(this.options.manual ? 0 : Math.floor(durationMs / 4), () => this.#answer(request, providerCallId));
    const report = () => {
      const outcome = { callId: request.callId, attempt: request.attempt, outcome: OUTCOME[behaviour.status], providerCallId, durationMs };
      const context = { correlationId: request.callId, causationId: providerCallId, actor: 'telephony:scripted' };
      const { retryPolicy } = this.options;
      const now = (this.options.clock ?? systemClock).now().toISOString();
      const recording = (
        retryPolicy
          ? handleCallCommand(this.store, { type: 'RecordOutcome', ...outcome, retryPolicy, now }, { ...context, now })
          : this.#handler.execute(new RecordCallOutcomeCommand(outcome, context))
      ).catch(() => undefined);
      this.#recording.add(recording);
      void recording.finally(() => this.#recording.delete(recording));
    };
    if (this.options.manual) {
      this.#held.set(request.callId, report);
      return { providerCallId };
    }
    this.#later(durationMs, report);
    return { providerCallId };
  }

  #later(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, delayMs);
    this.#timers.add(timer);
  }

  #answer(request: DialRequest, providerCallId: string): void {
    const context = { correlationId: request.callId, causationId: `${providerCallId}:answered`, actor: 'telephony:scripted' };
    const report = { callId: request.callId, attempt: request.attempt, providerCallId };
    const recording = this.#answers.execute(new RecordCallAnsweredCommand(report, context)).catch(() => undefined);
    this.#recording.add(recording);
    void recording.finally(() => this.#recording.delete(recording));
  }

  /** Manual mode: delivers the held outcome of the call's current dial. */
  release(callId: string): void {
    const report = this.#held.get(callId);
    if (!report) throw new Error(`no dial of call ${callId} is held`);
    this.#held.delete(callId);
    report();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    await Promise.all([...this.#recording]);
  }
}
