import { Command } from '@nestjs/cqrs';
import type { Position } from '../ports/event-store.port.js';
import type { CommandMeta } from '../shared/command-meta.js';

export type ScheduledCall = Readonly<{
  callId: string;
  status: 'pending';
  /** Where CallScheduled sits in the log, for read-your-writes; null when a retried request appended nothing. */
  position: Position | null;
}>;

/** One call outside any campaign (`POST /calls`); the dialer picks it up under the global default cap. */
export class ScheduleSingleCallCommand extends Command<ScheduledCall> {
  constructor(
    /** As the client sent it; normalized to E.164 by the handler. */
    readonly phoneNumber: unknown,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
