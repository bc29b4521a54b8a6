import { randomUUID } from 'node:crypto';
import {
  ConcurrencyError,
  StreamNotFoundError,
  type NewEvent,
  type RecordedEvent,
} from '../../../src/application/ports/event-store.port.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';

const event = (type = 'Happened'): NewEvent => ({
  id: randomUUID(),
  type,
  data: { n: 1 },
  metadata: { correlationId: 'c', causationId: 'c', actor: 't', recordedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
});

/** The test double the handler tests rely on must itself keep the port's promises. */
describe('InMemoryEventStore', () => {
  it('checks expected versions', async () => {
    const store = new InMemoryEventStore();
    const stream = `s-${randomUUID()}`;
    await expect(store.readStream(stream)).rejects.toThrow(StreamNotFoundError);
    await expect(store.appendToStream(stream, [event()], { expectedVersion: 'stream_exists' })).rejects.toThrow(ConcurrencyError);
    await expect(store.appendToStream(stream, [event(), event()], { expectedVersion: 'no_stream' })).resolves.toMatchObject({
      nextExpectedVersion: 1,
    });
    await expect(store.appendToStream(stream, [event()], { expectedVersion: 0 })).rejects.toMatchObject({ actual: 1 });
    await expect(store.appendToStream(stream, [event()], { expectedVersion: 'no_stream' })).rejects.toThrow(ConcurrencyError);
    await expect(store.appendToStream(stream, [event()], { expectedVersion: 1 })).resolves.toMatchObject({ nextExpectedVersion: 2 });
    await expect(store.appendToStream(stream, [event()], { expectedVersion: 'any' })).resolves.toMatchObject({ nextExpectedVersion: 3 });
    expect((await store.readStream(stream, { from: 1, limit: 2 })).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('refuses to append an event id twice', async () => {
    const store = new InMemoryEventStore();
    const e = event();
    await store.appendToStream('a', [e], { expectedVersion: 'any' });
    await expect(store.appendToStream('b', [e], { expectedVersion: 'any' })).rejects.toThrow(ConcurrencyError);
  });

  it('reads all in log order after an exclusive position', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('a', [event('A1'), event('A2')], { expectedVersion: 'any' });
    const { position } = await store.appendToStream('b', [event('B1')], { expectedVersion: 'any' });
    await store.appendToStream('a', [event('A3')], { expectedVersion: 'any' });
    expect((await store.readAll({ limit: 10 })).map((e) => e.type)).toEqual(['A1', 'A2', 'B1', 'A3']);
    expect((await store.readAll({ fromPosition: position, limit: 10 })).map((e) => e.type)).toEqual(['A3']);
    expect(await store.headPosition()).toEqual({ commit: 3n, prepare: 0n });
  });

  it('delivers catch-up then live events to a subscriber, and stops', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('a', [event('Old')], { expectedVersion: 'any' });
    const seen: RecordedEvent[] = [];
    let notify: () => void = () => undefined;
    const twoSeen = new Promise<void>((resolve) => (notify = resolve));
    const subscription = store.subscribe({ subscriberId: 't' }, async (batch) => {
      seen.push(...batch);
      if (seen.length >= 2) notify();
    });
    await store.appendToStream('a', [event('New')], { expectedVersion: 'any' });
    await twoSeen;
    expect(seen.map((e) => e.type)).toEqual(['Old', 'New']);
    await subscription.stop();
    await expect(subscription.closed).resolves.toBeUndefined();
  });

  it('closes a subscription with the handler error', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('a', [event()], { expectedVersion: 'any' });
    const subscription = store.subscribe({ subscriberId: 't' }, async () => {
      throw new Error('projection broke');
    });
    await expect(subscription.closed).rejects.toThrow('projection broke');
  });
});
