import type { DomainEvent } from '../../domain/shared/event.js';
import { StreamNotFoundError, type EventStore, type ReadStreamOptions, type RecordedEvent } from '../ports/event-store.port.js';
import { CATEGORY_OF, EVENT_SCHEMAS, type EventsOf, isKnownEventType, type KnownEvent } from './event-schemas.js';
import { upcast } from './upcasters.js';

/** A recorded event as this code reads it: upcast to its current shape, its payload checked. */
export type DecodedEvent<E extends DomainEvent = KnownEvent> = Omit<RecordedEvent, 'type' | 'data'> & E;

/** A stored event this code cannot read as what its type says: it names the event and the fields. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
  constructor(
    readonly event: Pick<RecordedEvent, 'id' | 'stream' | 'streamVersion' | 'type' | 'metadata'>,
    readonly problems: readonly string[],
  ) {
    super(
      `${event.type} v${String(event.metadata.schemaVersion ?? 1)} at ${event.stream}@${event.streamVersion} (id ${event.id}): ${problems.join('; ')}`,
    );
  }
}

const categoryOf = (stream: string): string => stream.slice(0, Math.max(0, stream.indexOf('-')));

/**
 * The one way stored events become domain events: upcast, then the payload checked against the
 * current schema of its type and the type against its stream's category. Throws MalformedEventError,
 * or UnsupportedSchemaVersionError for an event from a newer writer.
 */
export function decodeEvent(recorded: RecordedEvent): DecodedEvent {
  const { type, stream } = recorded;
  if (!isKnownEventType(type)) throw new MalformedEventError(recorded, [`unknown event type ${type}`]);
  if (CATEGORY_OF[type] !== categoryOf(stream)) throw new MalformedEventError(recorded, [`a ${type} does not belong in ${stream}`]);
  const current = upcast(recorded);
  const parsed = EVENT_SCHEMAS[type].safeParse(current.data);
  if (!parsed.success) {
    throw new MalformedEventError(
      current,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`),
    );
  }
  return { ...current, type, data: parsed.data } as DecodedEvent;
}

/**
 * A stream's events after decoding; a stream that does not exist reads as empty. Typed by the
 * stream's name (`EventsOf`), which `decodeEvent` has checked each event against.
 */
export async function readStream<S extends string>(
  store: EventStore,
  stream: S,
  options?: ReadStreamOptions,
): Promise<DecodedEvent<EventsOf<S>>[]> {
  let recorded: RecordedEvent[];
  try {
    recorded = await store.readStream(stream, options);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return recorded.map((event) => decodeEvent(event) as DecodedEvent<EventsOf<S>>);
}
