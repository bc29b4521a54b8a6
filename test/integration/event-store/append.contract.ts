import {
  ConcurrencyError,
  type EventStore,
  type ExpectedVersion,
  StreamNotFoundError,
} from '../../../src/application/ports/event-store.port.js';
import { ids, newEvent, newEvents, streamName } from './event-store.fixtures.js';

const conflict = (store: EventStore, stream: string, expectedVersion: ExpectedVersion): Promise<unknown> =>
  store.appendToStream(stream, [newEvent()], { expectedVersion });

export const appendContract = (store: () => EventStore): void => {
  it('appends events and reads them back in order with 0-based versions', async () => {
    const stream = streamName();
    const events = [newEvent('First', { a: 1, nested: { b: [1, 2] } }), newEvent('Second', { c: 'x' })];
    await store().appendToStream(stream, events, { expectedVersion: 'no_stream' });

    const read = await store().readStream(stream);
    expect(read.map((e) => [e.id, e.stream, e.streamVersion, e.type, e.data, e.metadata])).toEqual(
      events.map((e, version) => [e.id, stream, version, e.type, e.data, e.metadata]),
    );
    expect(read.every((e) => e.recordedAt instanceof Date && !Number.isNaN(e.recordedAt.getTime()))).toBe(true);
  });

  it('returns the next expected version and the position of the last appended event', async () => {
    const stream = streamName();
    const first = await store().appendToStream(stream, newEvents(3), { expectedVersion: 'no_stream' });
    const second = await store().appendToStream(stream, newEvents(2), { expectedVersion: 2 });

    const read = await store().readStream(stream);
    expect(first.nextExpectedVersion).toBe(2);
    expect(second.nextExpectedVersion).toBe(4);
    expect(first.position).toEqual(read[2]!.position);
    expect(second.position).toEqual(read[4]!.position);
  });

  it('no_stream creates a stream and conflicts once it exists', async () => {
    const stream = streamName();
    await store().appendToStream(stream, [newEvent()], { expectedVersion: 'no_stream' });
    await expect(conflict(store(), stream, 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store().readStream(stream)).toHaveLength(1);
  });

  it('stream_exists conflicts on a missing stream and appends to an existing one', async () => {
    const stream = streamName();
    await expect(conflict(store(), stream, 'stream_exists')).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store().readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
    await store().appendToStream(stream, [newEvent()], { expectedVersion: 'any' });
    const result = await store().appendToStream(stream, [newEvent()], { expectedVersion: 'stream_exists' });
    expect(result.nextExpectedVersion).toBe(1);
  });

  it('any appends whether or not the stream exists', async () => {
    const stream = streamName();
    expect((await store().appendToStream(stream, [newEvent()], { expectedVersion: 'any' })).nextExpectedVersion).toBe(0);
    expect((await store().appendToStream(stream, newEvents(2), { expectedVersion: 'any' })).nextExpectedVersion).toBe(2);
  });

  it('a version number appends only when it is the version of the last event', async () => {
    const stream = streamName();
    await expect(conflict(store(), stream, 0)).rejects.toBeInstanceOf(ConcurrencyError);
    await store().appendToStream(stream, newEvents(2), { expectedVersion: 'no_stream' });
    await expect(conflict(store(), stream, 0)).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(conflict(store(), stream, 2)).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store().appendToStream(stream, [newEvent()], { expectedVersion: 1 })).nextExpectedVersion).toBe(2);
    expect(await store().readStream(stream)).toHaveLength(3);
  });

  it('of 20 concurrent appenders with the same expected version exactly one wins each version', async () => {
    const stream = streamName();
    await store().appendToStream(stream, [newEvent()], { expectedVersion: 'no_stream' });
    const winners: string[] = [];
    for (let expectedVersion = 0; expectedVersion < 3; expectedVersion += 1) {
      const attempts = Array.from({ length: 20 }, () => newEvent('Raced'));
      const results = await Promise.allSettled(
        attempts.map((event) => store().appendToStream(stream, [event], { expectedVersion })),
      );
      const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [attempts[i]!.id] : []));
      const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost.every((reason) => reason instanceof ConcurrencyError)).toBe(true);
      winners.push(won[0]!);
    }
    const read = await store().readStream(stream);
    expect(read.map((e) => e.streamVersion)).toEqual([0, 1, 2, 3]);
    expect(ids(read.slice(1))).toEqual(winners);
  });

  it('a retried append of the same events is a no-op that returns the original result', async () => {
    const stream = streamName();
    const batch = newEvents(2);
    const original = await store().appendToStream(stream, batch, { expectedVersion: 'no_stream' });
    expect(await store().appendToStream(stream, batch, { expectedVersion: 'no_stream' })).toEqual(original);

    const next = newEvents(2);
    const second = await store().appendToStream(stream, next, { expectedVersion: 1 });
    await store().appendToStream(stream, [newEvent()], { expectedVersion: 3 });
    // Retried after the stream moved on: still the original outcome, never a duplicate.
    expect(await store().appendToStream(stream, next, { expectedVersion: 1 })).toEqual(second);
    expect(await store().appendToStream(stream, next, { expectedVersion: 'any' })).toEqual(second);
    expect(ids(await store().readStream(stream))).toEqual([...ids(batch), ...ids(next), expect.any(String)]);
  });

  it('reusing an appended event id in a different batch is a ConcurrencyError that writes nothing', async () => {
    const stream = streamName();
    const [first, other] = [newEvent(), newEvent()];
    await store().appendToStream(stream, [first], { expectedVersion: 'no_stream' });
    await expect(store().appendToStream(stream, [first, other], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(ids(await store().readStream(stream))).toEqual([first.id]);
  });

  it('a batch that fails writes none of its events', async () => {
    const stream = streamName();
    await store().appendToStream(stream, [newEvent()], { expectedVersion: 'no_stream' });
    const unserialisable = newEvent('Broken', { amount: 1n });
    await expect(
      store().appendToStream(stream, [newEvent(), unserialisable, newEvent()], { expectedVersion: 0 }),
    ).rejects.toThrow();
    expect(await store().readStream(stream)).toHaveLength(1);
    expect((await store().appendToStream(stream, [newEvent()], { expectedVersion: 0 })).nextExpectedVersion).toBe(1);
  });
};
