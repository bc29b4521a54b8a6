import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../command-handling/command-context.js';

export type CallAnsweredReport = Readonly<{ callId: string; attempt: number; providerCallId: string | null }>;

/** From the provider's `answered` callback: the ring clock stops, the conversation clock starts. */
export class RecordCallAnsweredCommand extends Command<{ recorded: boolean }> {
  constructor(
    readonly report: CallAnsweredReport,
    readonly context: Pick<CommandContext, 'correlationId' | 'causationId' | 'actor'>,
  ) {
    super();
  }
}
