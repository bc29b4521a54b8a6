import type { Decider } from '../../domain/shared/decider.js';
import type { DomainEvent } from '../../domain/shared/event.js';
import type { EventsOf } from '../events/event-schemas.js';
import { ConcurrencyError, type EventStore, type Position } from '../ports/event-store.port.js';
import { aggregateStream, type AggregateResult, type StreamVersion } from './aggregate-stream.js';
import { toNewEvent, type AppendedEvent, type CommandContext } from './command-context.js';
import { streamMemoryOf } from './stream-memory.js';

export const DEFAULT_CONFLICT_RETRIES = 3;

export type HandleOptions = Readonly<{
  /**
   * The version the caller saw (HTTP `If-Match`). A different version is a `StaleVersionError`, never
   * retried: the caller decided on a state that no longer holds.
   */
  expectedVersion?: StreamVersion;
  /** Re-read and re-decide this many times after a conflict with a concurrent writer. */
  maxRetries?: number;
}>;

/**
 * Streams whose state this process keeps between commands (see StreamMemory): a command is decided
 * on what it last saw and appended with that version; only a conflict, or a decision to append
 * nothing, reads the stream. `assumeNew`: a stream it has not seen is taken as never written.
 */
export type MemoryPolicy = Readonly<{ assumeNew: boolean }>;

export type CommandResult<State, Event extends DomainEvent> = Readonly<{
  /** What was appended; empty when the command's effect already held. */
  events: ReadonlyArray<AppendedEvent<Event>>;
  nextExpectedVersion: StreamVersion;
  /** Null when nothing was appended. */
  position: Position | null;
  /** The state after the new events. */
  state: State;
}>;

/** The stream moved past the version the caller decided on (412 at the HTTP edge). */
export class StaleVersionError extends Error {
  override readonly name = 'StaleVersionError';
  constructor(
    readonly stream: string,
    readonly expected: StreamVersion,
    readonly actual: StreamVersion | 'unknown',
    options?: { cause?: unknown },
  ) {
    super(`stream ${stream} is at version ${actual}, not ${expected}`, options);
  }
}

const append = async <State, S extends string>(
  store: EventStore,
  decider: Pick<Decider<State, unknown, EventsOf<S>>, 'evolve'>,
  stream: S,
  { state }: AggregateResult<State>,
  decided: EventsOf<S>[],
  context: CommandContext,
  expectedVersion: StreamVersion,
): Promise<CommandResult<State, EventsOf<S>>> => {
  const events = decided.map((event) => toNewEvent(event, context));
  const appended = await store.appendToStream(stream, events, { expectedVersion });
  return {
    events,
    nextExpectedVersion: appended.nextExpectedVersion,
    position: appended.position,
    state: decided.reduce(decider.evolve, state),
  };
};

/**
 * Decides on the remembered state. Undefined when that settles nothing: no memory of the stream,
 * a conflict (the memory was stale), or a decision to append nothing or a refusal — which an older
 * state may give where the current one would not, and no version check would catch.
 */
const handleFromMemory = async <State, Command, S extends string>(
  store: EventStore,
  decider: Decider<State, Command, EventsOf<S>>,
  stream: S,
  command: Command,
  context: CommandContext,
  policy: MemoryPolicy,
): Promise<CommandResult<State, EventsOf<S>> | undefined> => {
  const memory = streamMemoryOf(store);
  const known =
    memory.recall<State>(stream) ?? (policy.assumeNew ? { state: decider.initialState(), version: 'no_stream' as const } : undefined);
  if (known === undefined) return undefined;
  let decided: EventsOf<S>[];
  try {
    decided = decider.decide(command, known.state);
  } catch {
    return undefined;
  }
  if (decided.length === 0) return undefined;
  try {
    const result = await append(store, decider, stream, known, decided, context, known.version);
    memory.remember(stream, { state: result.state, version: result.nextExpectedVersion });
    return result;
  } catch (error) {
    memory.forget(stream);
    if (error instanceof ConcurrencyError) return undefined;
    throw error;
  }
};

const handleOnce = async <State, Command, S extends string>(
  store: EventStore,
  decider: Decider<State, Command, EventsOf<S>>,
  stream: S,
  command: Command,
  context: CommandContext,
  expected: StreamVersion | undefined,
  policy: MemoryPolicy | undefined,
): Promise<CommandResult<State, EventsOf<S>>> => {
  const memory = policy ? streamMemoryOf(store) : undefined;
  const known = await aggregateStream(store, decider, stream);
  memory?.remember(stream, known);
  const { state, version } = known;
  // A missing stream is left to the decider, so the caller gets "not found" rather than "stale".
  if (expected !== undefined && version !== 'no_stream' && version !== expected) {
    throw new StaleVersionError(stream, expected, version);
  }
  const decided = decider.decide(command, state);
  if (decided.length === 0) return { events: [], nextExpectedVersion: version, position: null, state };
  try {
    const result = await append(store, decider, stream, known, decided, context, expected ?? version);
    memory?.remember(stream, { state: result.state, version: result.nextExpectedVersion });
    return result;
  } catch (error) {
    memory?.forget(stream);
    if (expected !== undefined && error instanceof ConcurrencyError) {
      throw new StaleVersionError(stream, expected, error.actual, { cause: error });
    }
    throw error;
  }
};

/**
 * Reads the stream, folds it, decides and appends with the version it read (STYLE §5). A concurrent
 * writer makes the append fail with `ConcurrencyError`; the command is then decided again on fresh
 * state, at most `maxRetries` times, after which the last conflict is thrown.
 */
export const handleCommand = async <State, Command, S extends string>(
  store: EventStore,
  decider: Decider<State, Command, EventsOf<S>>,
  stream: S,
  command: Command,
  context: CommandContext,
  options: HandleOptions = {},
  policy?: MemoryPolicy,
): Promise<CommandResult<State, EventsOf<S>>> => {
  // A caller's If-Match is checked against the stream as read, never against a memory of it.
  const remembering = options.expectedVersion === undefined ? policy : undefined;
  const handle = async (): Promise<CommandResult<State, EventsOf<S>>> => {
    if (remembering) {
      const fromMemory = await handleFromMemory(store, decider, stream, command, context, remembering);
      if (fromMemory) return fromMemory;
    }
    const maxRetries = options.maxRetries ?? DEFAULT_CONFLICT_RETRIES;
    for (let retry = 0; ; retry += 1) {
      try {
        return await handleOnce(store, decider, stream, command, context, options.expectedVersion, remembering);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || retry >= maxRetries) throw error;
      }
    }
  };
  return policy ? streamMemoryOf(store).inTurn(stream, handle) : handle();
};

/** Binds a decider to its stream naming, e.g. `commandHandler(campaignDecider, (c) => campaignStream(c.campaignId))`. */
export const commandHandler =
  <State, Command, S extends string>(
    decider: Decider<State, Command, EventsOf<S>>,
    streamOf: (command: Command) => S,
    policy?: MemoryPolicy,
  ) =>
  (
    store: EventStore,
    command: Command,
    context: CommandContext,
    options?: HandleOptions,
  ): Promise<CommandResult<State, EventsOf<S>>> =>
    handleCommand(store, decider, streamOf(command), command, context, options, policy);

/** Starts a stream with `events` (`no_stream`: throws ConcurrencyError when it exists), remembering what it holds then. */
export const appendNewStream = async <State, S extends string>(
  store: EventStore,
  decider: Pick<Decider<State, unknown, EventsOf<S>>, 'initialState' | 'evolve'>,
  stream: S,
  events: EventsOf<S>[],
  context: CommandContext,
): Promise<CommandResult<State, EventsOf<S>>> => {
  const result = await append(store, decider, stream, { state: decider.initialState(), version: 'no_stream' }, events, context, 'no_stream');
  streamMemoryOf(store).remember(stream, { state: result.state, version: result.nextExpectedVersion });
  return result;
};
