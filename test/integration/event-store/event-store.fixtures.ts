import { randomUUID } from 'node:crypto';
import {
  type EventStore,
  type NewEvent,
  type Position,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../../src/application/ports/event-store.port.js';

export const streamName = (): string => `test-${randomUUID()}`;

export const newEvent = (type = 'Tested', data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: 'contract-test',
    recordedAt: new Date().toISOString(),
    schemaVersion: 1,
  },
});

export const newEvents = (count: number, type = 'Tested'): NewEvent[] =>
  Array.from({ length: count }, (_, n) => newEvent(type, { n }));

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `accept` holds: stores may make a committed event readable a little later. */
export const eventually = async <T>(
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await sleep(10);
  }
};

/** Every readable event after `from` (exclusive) that belongs to `streams`, paging through the log. */
export const readAllOf = async (
  store: EventStore,
  streams: ReadonlySet<string>,
  from?: Position | null,
  pageSize = 500,
): Promise<RecordedEvent[]> => {
  const found: RecordedEvent[] = [];
  let position = from ?? undefined;
  for (;;) {
    const page = await store.readAll(position ? { fromPosition: position, limit: pageSize } : { limit: pageSize });
    found.push(...page.filter((event) => streams.has(event.stream)));
    if (page.length < pageSize) return found;
    position = page[page.length - 1]!.position;
  }
};

export type Collector = {
  subscription: Subscription;
  /** Events of the watched streams, in delivery order. */
  events: RecordedEvent[];
  batchSizes: number[];
};

export const collect = (
  store: EventStore,
  options: Omit<SubscribeOptions, 'subscriberId'>,
  streams: ReadonlySet<string>,
): Collector => {
  const collector = { events: [] as RecordedEvent[], batchSizes: [] as number[] } as Collector;
  collector.subscription = store.subscribe({ subscriberId: `test-${randomUUID()}`, ...options }, async (batch) => {
    collector.batchSizes.push(batch.length);
    collector.events.push(...batch.filter((event) => streams.has(event.stream)));
  });
  return collector;
};

export const ids = (events: readonly { id: string }[]): string[] => events.map((event) => event.id);
