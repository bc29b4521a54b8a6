import type { Decider } from '../../domain/shared/decider.js';
import type { EventsOf } from '../events/event-schemas.js';
import type { EventStore } from '../ports/event-store.port.js';
import { aggregateStream, type AggregateResult, type StreamVersion } from './aggregate-stream.js';

/** Enough for every call and number a dialer at a cap of a few thousand has in hand, a few hundred bytes each. */
export const STREAM_MEMORY_CAPACITY = 16_384;

const rank = (version: StreamVersion): number => (version === 'no_stream' ? -1 : version);

/**
 * What this process last knew of streams it read or wrote: the state folded up to a version. It may
 * be behind the store (another process wrote since), never ahead of it: an entry is written only
 * from a read or after an append the store accepted. A decision taken on it is appended with its
 * version, so a stale entry costs a ConcurrencyError and a read, never a wrong write.
 * Least recently used entries go first (a Map keeps insertion order: a hit is re-inserted).
 */
export class StreamMemory {
  readonly #entries = new Map<string, AggregateResult<unknown>>();
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(private readonly capacity = STREAM_MEMORY_CAPACITY) {}

  recall<State>(stream: string): AggregateResult<State> | undefined {
    const known = this.#entries.get(stream);
    if (known === undefined) return undefined;
    this.#entries.delete(stream);
    this.#entries.set(stream, known);
    return known as AggregateResult<State>;
  }

  /** Concurrent handlers finish in any order: an older version never replaces a newer one. */
  remember<State>(stream: string, known: AggregateResult<State>): void {
    if (known.version === 'no_stream') return;
    const held = this.#entries.get(stream);
    if (held !== undefined && rank(held.version) >= rank(known.version)) return;
    this.#entries.delete(stream);
    this.#entries.set(stream, known);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  forget(stream: string): void {
    this.#entries.delete(stream);
  }

  /**
   * Runs the commands of one stream one after another: a provider's `answered` and final status
   * arrive together, and side by side both would decide on the same version and one would lose.
   * In turn, the second decides on what the first appended. Other processes are fenced as ever.
   */
  async inTurn<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const before = this.#queues.get(stream);
    const turn = before === undefined ? work() : before.then(work);
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(stream, settled);
    try {
      return await turn;
    } finally {
      if (this.#queues.get(stream) === settled) this.#queues.delete(stream);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** One memory per store, so per process and per database (tests open several stores in one process). */
const memories = new WeakMap<EventStore, StreamMemory>();

export const streamMemoryOf = (store: EventStore): StreamMemory => {
  let memory = memories.get(store);
  if (memory === undefined) {
    memory = new StreamMemory();
    memories.set(store, memory);
  }
  return memory;
};

/**
 * The state as this process last knew it, else as read now. Only for what a stale state still
 * answers right — what never changes once written (a call's campaign and number) — or what a
 * command handled afterwards checks again.
 */
export const recallOrRead = async <State, Command, S extends string>(
  store: EventStore,
  decider: Pick<Decider<State, Command, EventsOf<S>>, 'initialState' | 'evolve'>,
  stream: S,
): Promise<AggregateResult<State>> => {
  const memory = streamMemoryOf(store);
  const known = memory.recall<State>(stream) ?? (await aggregateStream(store, decider, stream));
  memory.remember(stream, known);
  return known;
};
