import { Command } from '@nestjs/cqrs';
import type { CallOutcome } from '../../domain/call/call.events.js';
import type { CallStatus } from '../../domain/call/call.state.js';
import type { RequestContext } from './request-context.js';

export type CallOutcomeReport = Readonly<{
  callId: string;
  attempt: number;
  outcome: CallOutcome;
  providerCallId: string | null;
  durationMs?: number | null;
}>;

/** `recorded` false: the outcome was already there, or belongs to an older attempt (a late duplicate). */
export type RecordedOutcome = Readonly<{ recorded: boolean; eventTypes: string[]; status: CallStatus }>;

/** From a provider webhook, a synchronous rejection or a timeout. */
export class RecordCallOutcomeCommand extends Command<RecordedOutcome> {
  constructor(
    readonly report: CallOutcomeReport,
    readonly context: RequestContext,
  ) {
    super();
  }
}
