import {
  comparePositions,
  type EventStore,
  StreamNotFoundError,
} from '../../../src/application/ports/event-store.port.js';
import { eventually, ids, newEvent, newEvents, readAllOf, streamName } from './event-store.fixtures.js';

export const readContract = (store: () => EventStore): void => {
  it('readStream honours from (inclusive version) and limit', async () => {
    const stream = streamName();
    await store().appendToStream(stream, newEvents(10), { expectedVersion: 'no_stream' });
    const versions = async (options: { from?: number; limit?: number }): Promise<number[]> =>
      (await store().readStream(stream, options)).map((e) => e.streamVersion);

    expect(await versions({ from: 3, limit: 4 })).toEqual([3, 4, 5, 6]);
    expect(await versions({ from: 8 })).toEqual([8, 9]);
    expect(await versions({ limit: 2 })).toEqual([0, 1]);
    expect(await versions({ from: 10 })).toEqual([]);
  });

  it('readStream of a stream never written throws StreamNotFoundError', async () => {
    const stream = streamName();
    await expect(store().readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(store().readStream(stream, { from: 5 })).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('readAll returns the events of every stream in append order with increasing positions', async () => {
    const [a, b] = [streamName(), streamName()];
    const start = await store().headPosition();
    const appended = [newEvent(), newEvent(), newEvent(), newEvent()];
    await store().appendToStream(a, [appended[0]!], { expectedVersion: 'no_stream' });
    await store().appendToStream(b, [appended[1]!, appended[2]!], { expectedVersion: 'no_stream' });
    await store().appendToStream(a, [appended[3]!], { expectedVersion: 0 });

    const read = await eventually(
      () => readAllOf(store(), new Set([a, b]), start),
      (events) => events.length >= 4,
    );
    expect(ids(read)).toEqual(ids(appended));
    expect(read.map((e) => [e.stream, e.streamVersion])).toEqual([
      [a, 0],
      [b, 0],
      [b, 1],
      [a, 1],
    ]);
    read.slice(1).forEach((event, i) => expect(comparePositions(read[i]!.position, event.position)).toBeLessThan(0));
  });

  it('readAll pages with an exclusive fromPosition: pages join into the whole log, nothing twice', async () => {
    const stream = streamName();
    const start = await store().headPosition();
    await store().appendToStream(stream, newEvents(3), { expectedVersion: 'no_stream' });
    await store().appendToStream(stream, newEvents(4), { expectedVersion: 2 });

    const whole = await eventually(
      () => readAllOf(store(), new Set([stream]), start),
      (events) => events.length >= 7,
    );
    const paged = await readAllOf(store(), new Set([stream]), start, 2);
    expect(ids(paged)).toEqual(ids(whole));
    expect(whole.map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    const afterThird = await readAllOf(store(), new Set([stream]), whole[2]!.position);
    expect(ids(afterThird)).toEqual(ids(whole.slice(3)));
  });

  it('headPosition reaches the position of the last append', async () => {
    const { position } = await store().appendToStream(streamName(), [newEvent()], { expectedVersion: 'no_stream' });
    const head = await eventually(
      () => store().headPosition(),
      (p) => p !== null && comparePositions(p, position) >= 0,
    );
    expect(head).not.toBeNull();
    expect(comparePositions(head!, position)).toBeGreaterThanOrEqual(0);
  });
};
