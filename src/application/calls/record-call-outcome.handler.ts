import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { callDecider } from '../../domain/call/call.decider.js';
import { callStream } from '../../domain/call/call.events.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { handleCallCommand } from '../command-handling/domain-handlers.js';
import { recallOrRead } from '../command-handling/stream-memory.js';
import { NumberGate } from '../do-not-call/number-gate.js';
import { CLOCK, systemClock, type Clock } from '../ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port.js';
import { RecordCallOutcomeCommand, type RecordedOutcome } from './record-call-outcome.command.js';
import { RetryPolicies } from './retry-policy-for-call.js';

/**
 * Idempotent by the call decider: a duplicate, or an outcome of an older attempt, appends nothing.
 * The retry delay counts from when the outcome is recorded.
 */
@CommandHandler(RecordCallOutcomeCommand)
export class RecordCallOutcomeHandler implements ICommandHandler<RecordCallOutcomeCommand> {
  private readonly retryPolicies: RetryPolicies;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
    @Optional() @Inject(NumberGate) private readonly numberGate: NumberGate | null = null,
  ) {
    this.retryPolicies = new RetryPolicies(store);
  }

  async execute({ report, context }: RecordCallOutcomeCommand): Promise<RecordedOutcome> {
    // Only the call's campaign and number are taken from this state (they never change); the outcome is decided by the command.
    const { state } = await recallOrRead(this.store, callDecider, callStream(report.callId));
    if (state.status === 'initial') throw new NotFoundError(`call ${report.callId} not found`);
    const retryPolicy = await this.retryPolicies.forCampaign(state.campaignId);
    const { optedOut, ...outcome } = report;
    // The opt-out first: if the process dies before the outcome is recorded, the provider's retry of
    // this callback finds the opt-out already listed (a no-op) and records the outcome then.
    if (optedOut && report.outcome === 'answered') {
      await this.numberGate?.recordOptOut(state.phoneNumber, report.callId, this.clock.now(), context);
    }
    const now = this.clock.now().toISOString();
    const result = await handleCallCommand(
      this.store,
      { type: 'RecordOutcome', ...outcome, retryPolicy, now },
      { ...context, now },
    );
    const status = result.state.status === 'initial' ? state.status : result.state.status;
    return { recorded: result.events.length > 0, eventTypes: result.events.map((e) => e.type), status };
  }
}
