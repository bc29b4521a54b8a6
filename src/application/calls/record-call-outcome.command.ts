import { Command } from '@nestjs/cqrs';
import type { CallOutcome } from '../../domain/call/call.events.js';
import type { CallStatus } from '../../domain/call/call.state.js';
import type { CommandContext } from '../command-handling/command-context.js';

export type CallOutcomeReport = Readonly<{
  callId: string;
  attempt: number;
  outcome: CallOutcome;
  providerCallId: string | null;
  durationMs?: number | null;
  /** The person asked during the call not to be called again (DESIGN §4: mock numbers 0200–0219). */
  optedOut?: boolean;
}>;

/** `recorded` false: the outcome was already there, or belongs to an older attempt (a late duplicate). */
export type RecordedOutcome = Readonly<{ recorded: boolean; eventTypes: string[]; status: CallStatus }>;

/** Who reported it and why, as the edge knows it; the handler adds `now` from the clock. */
type ReportContext = Pick<CommandContext, 'correlationId' | 'causationId' | 'actor'>;

/** From a provider webhook, a synchronous rejection or a timeout. */
export class RecordCallOutcomeCommand extends Command<RecordedOutcome> {
  constructor(
    readonly report: CallOutcomeReport,
    readonly context: ReportContext,
  ) {
    super();
  }
}
