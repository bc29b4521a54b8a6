import type { Decider } from '../../domain/shared/decider.js';
import { readStream } from '../events/event-reader.js';
import type { EventsOf } from '../events/event-schemas.js';
import type { EventStore } from '../ports/event-store.port.js';

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

/** Reads a stream through the event reader (upcast, checked, missing = empty) and folds it into a state. */
export const aggregateStream = async <State, Command, S extends string>(
  store: EventStore,
  decider: Pick<Decider<State, Command, EventsOf<S>>, 'initialState' | 'evolve'>,
  stream: S,
  options: AggregateOptions = {},
): Promise<AggregateResult<State>> => {
  const { asOf } = options;
  let state = decider.initialState();
  let version: StreamVersion = 'no_stream';
  for (const event of await readStream(store, stream)) {
    if (asOf && event.recordedAt.getTime() > asOf.getTime()) break;
    state = decider.evolve(state, event);
    version = event.streamVersion;
  }
  return { state, version };
};
