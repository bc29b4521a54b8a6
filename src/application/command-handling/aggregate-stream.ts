import type { Decider } from '../../domain/shared/decider.js';
import type { DomainEvent } from '../../domain/shared/event.js';
import { StreamNotFoundError, type EventStore, type RecordedEvent } from '../ports/event-store.port.js';
import { upcast } from './upcasters.js';

export type StreamVersion = number | 'no_stream';

export type AggregateResult<State> = Readonly<{
  state: State;
  /** Version of the last event folded; what the next append must expect. */
  version: StreamVersion;
}>;

export type AggregateOptions = Readonly<{
  /** Fold only events recorded at or before this instant (`?asOf=`); the state as it was then. */
  asOf?: Date;
}>;

/** Streams hold only their decider's events (the category is the type), so the cast is the stream's contract. */
export const toDomainEvent = <Event extends DomainEvent>(event: RecordedEvent): Event =>
  ({ type: event.type, data: event.data }) as unknown as Event;

const readOrEmpty = async (store: EventStore, stream: string): Promise<RecordedEvent[]> => {
  try {
    return await store.readStream(stream);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};

/** Reads a stream, upcasts each event to its current shape and folds it into a state. */
export const aggregateStream = async <State, Command, Event extends DomainEvent>(
  store: EventStore,
  decider: Pick<Decider<State, Command, Event>, 'initialState' | 'evolve'>,
  stream: string,
  options: AggregateOptions = {},
): Promise<AggregateResult<State>> => {
  const { asOf } = options;
  let state = decider.initialState();
  let version: StreamVersion = 'no_stream';
  for (const recorded of await readOrEmpty(store, stream)) {
    if (asOf && recorded.recordedAt.getTime() > asOf.getTime()) break;
    state = decider.evolve(state, toDomainEvent<Event>(upcast(recorded)));
    version = recorded.streamVersion;
  }
  return { state, version };
};
