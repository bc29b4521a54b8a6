import { Command } from '@nestjs/cqrs';
import type { Position } from '../ports/event-store.port.js';
import type { CommandMeta } from '../shared/command-meta.js';

export type AddToDoNotCallResult = Readonly<{
  added: number;
  /** Already listed, as long or longer; an entry with a later expiry was extended. */
  alreadyListed: number;
  invalid: ReadonlyArray<{ value: unknown; reason: string }>;
  /** The latest of the appends, for read-your-writes; null when nothing was appended. */
  position: Position | null;
}>;

/** `phoneNumbers` are raw, as the client sent them; `reason` and `expiresAt` were validated at the edge. */
export class AddToDoNotCallCommand extends Command<AddToDoNotCallResult> {
  constructor(
    readonly phoneNumbers: readonly unknown[],
    readonly entry: Readonly<{ reason: string; expiresAt: string | null; source: 'api' | 'csv' }>,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

export class RemoveFromDoNotCallCommand extends Command<Readonly<{ position: Position | null }>> {
  constructor(
    readonly phoneNumber: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
