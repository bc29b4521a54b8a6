import { comparePositions, type EventStore } from '../../../src/application/ports/event-store.port.js';
import { collect, eventually, ids, newEvents, sleep, streamName } from './event-store.fixtures.js';

/** Long enough for a store that polls to have looked again. */
const QUIET_MS = 700;

export const subscriptionContract = (store: () => EventStore): void => {
  it('catches up on existing events, then delivers live ones, in order and in bounded batches', async () => {
    const stream = streamName();
    const start = (await store().headPosition()) ?? undefined;
    const existing = newEvents(5);
    await store().appendToStream(stream, existing, { expectedVersion: 'no_stream' });

    const collector = collect(store(), { fromPosition: start, maxBatchSize: 2 }, new Set([stream]));
    await eventually(() => collector.events.length, (n) => n >= 5);
    expect(ids(collector.events)).toEqual(ids(existing));

    const live = newEvents(3);
    await store().appendToStream(stream, live, { expectedVersion: 4 });
    await eventually(() => collector.events.length, (n) => n >= 8);
    await collector.subscription.stop();
    await expect(collector.subscription.closed).resolves.toBeUndefined();

    expect(ids(collector.events)).toEqual(ids([...existing, ...live]));
    expect(Math.max(...collector.batchSizes)).toBeLessThanOrEqual(2);
    collector.events.slice(1).forEach((event, i) =>
      expect(comparePositions(collector.events[i]!.position, event.position)).toBeLessThan(0),
    );
  });

  it('delivers nothing after stop, and resuming from a checkpoint delivers exactly the rest', async () => {
    const stream = streamName();
    const start = (await store().headPosition()) ?? undefined;
    const before = newEvents(4);
    await store().appendToStream(stream, before, { expectedVersion: 'no_stream' });

    const first = collect(store(), { fromPosition: start }, new Set([stream]));
    await eventually(() => first.events.length, (n) => n >= 4);
    await first.subscription.stop();
    const checkpoint = first.events[1]!.position; // as if the subscriber had stored only the second event

    const after = newEvents(2);
    await store().appendToStream(stream, after, { expectedVersion: 3 });
    const second = collect(store(), { fromPosition: checkpoint }, new Set([stream]));
    await eventually(() => second.events.length, (n) => n >= 4);
    await sleep(QUIET_MS);
    await second.subscription.stop();

    expect(ids(first.events)).toEqual(ids(before));
    expect(ids(second.events)).toEqual(ids([...before.slice(2), ...after]));
  });

  it('a failing handler stops the subscription and rejects closed with its error', async () => {
    const stream = streamName();
    const start = (await store().headPosition()) ?? undefined;
    await store().appendToStream(stream, newEvents(3), { expectedVersion: 'no_stream' });
    const failure = new Error('projection broke');
    let calls = 0;
    const subscription = store().subscribe(
      { subscriberId: `test-${stream}`, fromPosition: start, maxBatchSize: 1 },
      async (batch) => {
        if (!batch.some((event) => event.stream === stream)) return;
        calls += 1;
        throw failure;
      },
    );

    await expect(subscription.closed).rejects.toBe(failure);
    await store().appendToStream(stream, newEvents(1), { expectedVersion: 2 });
    await sleep(QUIET_MS);
    expect(calls).toBe(1);
    await expect(subscription.stop()).resolves.toBeUndefined();
  });
};
