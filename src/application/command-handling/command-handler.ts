import type { Decider } from '../../domain/shared/decider.js';
import type { DomainEvent } from '../../domain/shared/event.js';
import type { EventsOf } from '../events/event-schemas.js';
import { ConcurrencyError, type EventStore, type Position } from '../ports/event-store.port.js';
import { aggregateStream, type StreamVersion } from './aggregate-stream.js';
import { toNewEvent, type AppendedEvent, type CommandContext } from './command-context.js';

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

const handleOnce = async <State, Command, S extends string>(
  store: EventStore,
  decider: Decider<State, Command, EventsOf<S>>,
  stream: S,
  command: Command,
  context: CommandContext,
  expected: StreamVersion | undefined,
): Promise<CommandResult<State, EventsOf<S>>> => {
  const { state, version } = await aggregateStream(store, decider, stream);
  // A missing stream is left to the decider, so the caller gets "not found" rather than "stale".
  if (expected !== undefined && version !== 'no_stream' && version !== expected) {
    throw new StaleVersionError(stream, expected, version);
  }
  const decided = decider.decide(command, state);
  if (decided.length === 0) return { events: [], nextExpectedVersion: version, position: null, state };
  const events = decided.map((event) => toNewEvent(event, context));
  try {
    const appended = await store.appendToStream(stream, events, { expectedVersion: expected ?? version });
    return {
      events,
      nextExpectedVersion: appended.nextExpectedVersion,
      position: appended.position,
      state: decided.reduce(decider.evolve, state),
    };
  } catch (error) {
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
): Promise<CommandResult<State, EventsOf<S>>> => {
  const maxRetries = options.maxRetries ?? DEFAULT_CONFLICT_RETRIES;
  for (let retry = 0; ; retry += 1) {
    try {
      return await handleOnce(store, decider, stream, command, context, options.expectedVersion);
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || retry >= maxRetries) throw error;
    }
  }
};

/** Binds a decider to its stream naming, e.g. `commandHandler(campaignDecider, (c) => campaignStream(c.campaignId))`. */
export const commandHandler =
  <State, Command, S extends string>(
    decider: Decider<State, Command, EventsOf<S>>,
    streamOf: (command: Command) => S,
  ) =>
  (
    store: EventStore,
    command: Command,
    context: CommandContext,
    options?: HandleOptions,
  ): Promise<CommandResult<State, EventsOf<S>>> =>
    handleCommand(store, decider, streamOf(command), command, context, options);
