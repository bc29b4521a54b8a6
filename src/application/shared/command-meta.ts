import { v5 as uuidv5 } from 'uuid';
import type { CommandContext } from '../command-handling/command-context.js';

/** Who sent a command over which request: stamped on every event it appends (DESIGN §2). */
export type CommandMeta = Readonly<{
  /** The request's id: the events' causationId. */
  requestId: string;
  correlationId: string;
  actor: string;
  /**
   * Set when `requestId` is derived from an Idempotency-Key: event ids are then derived from it too,
   * so a retry after a crash between append and response finds (and re-appends as a no-op) the same events.
   */
  deterministic: boolean;
}>;

const EVENT_ID_NAMESPACE = '0b0d6f2e-5a0c-4c1e-9a53-6a8f1d1c2e70';

/**
 * The context the command's events are stamped with. Event ids are `requestId/0`, `requestId/1`, … as
 * UUIDs for a keyed request (the counter runs on across conflict retries), random ones otherwise.
 */
export const commandContext = (meta: CommandMeta, now: Date): CommandContext => {
  let next = 0;
  return {
    correlationId: meta.correlationId,
    causationId: meta.requestId,
    actor: meta.actor,
    now: now.toISOString(),
    idGenerator: meta.deterministic ? () => uuidv5(`${meta.requestId}/${next++}`, EVENT_ID_NAMESPACE) : undefined,
  };
};
