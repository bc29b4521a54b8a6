import { randomUUID } from 'node:crypto';
import type { DomainEvent, Instant } from '../../domain/shared/event.js';
import type { EventMetadata, NewEvent } from '../ports/event-store.port.js';
import { currentSchemaVersion } from '../events/upcasters.js';

/** Who asked, why, and when: stamped on every event the command produces (DESIGN §2). */
export type CommandContext = Readonly<{
  correlationId: string;
  /** The id of the request, message or event that caused this command. */
  causationId: string;
  actor: string;
  now: Instant;
  /** Event ids; random UUIDs unless a test needs them predictable. */
  idGenerator?: () => string;
}>;

export type AppendedEvent<Event extends DomainEvent> = Event & Readonly<{ id: string; metadata: EventMetadata }>;

export const eventMetadata = (type: string, context: CommandContext): EventMetadata => ({
  correlationId: context.correlationId,
  causationId: context.causationId,
  actor: context.actor,
  recordedAt: context.now,
  schemaVersion: currentSchemaVersion(type),
});

export const toNewEvent = <Event extends DomainEvent>(
  event: Event,
  context: CommandContext,
): AppendedEvent<Event> & NewEvent => ({
  ...event,
  data: event.data as NewEvent['data'],
  id: (context.idGenerator ?? randomUUID)(),
  metadata: eventMetadata(event.type, context),
});
