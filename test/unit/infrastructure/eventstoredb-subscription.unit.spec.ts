import { UnavailableError } from '@eventstore/db-client';
import { EventStoreUnavailableError, type RecordedEvent } from '../../../src/application/ports/event-store.port.js';
import { EventStoreDbEventStore } from '../../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store.js';
import { FakeEsdb, type FakeRecord } from './eventstoredb-fake-client.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (check: () => boolean, timeoutMs = 1_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await tick();
  }
};
const resolved = (record: FakeRecord) => ({ event: record, commitPosition: record.position.commit });

const setup = () => {
  const fake = new FakeEsdb();
  const store = new EventStoreDbEventStore(fake.client);
  const batches: (readonly RecordedEvent[])[] = [];
  return { fake, store, batches };
};

describe('EventStoreDbEventStore subscriptions over a fake client', () => {
  it('batches what is already buffered up to maxBatchSize, and reads nothing while the handler runs', async () => {
    const { fake, store, batches } = setup();
    const gate = deferred();
    const subscription = store.subscribe({ subscriberId: 's', maxBatchSize: 3 }, async (batch) => {
      batches.push(batch);
      if (batches.length === 1) await gate.promise;
    });
    const source = fake.subscriptions[0]!;
    const records = Array.from({ length: 7 }, () => fake.record('call-1'));
    records.slice(0, 3).forEach((r) => source.write(resolved(r)));
    await until(() => batches.length === 1);
    records.slice(3).forEach((r) => source.write(resolved(r)));
    await tick(20);
    expect(batches).toHaveLength(1); // the first handler call is still running
    expect(source.readableLength).toBe(4); // buffered, not consumed

    gate.resolve();
    await until(() => batches.flat().length === 7);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat().map((e) => e.id)).toEqual(records.map((r) => r.id));
    await subscription.stop();
    await expect(subscription.closed).resolves.toBeUndefined();
    expect(source.unsubscribe).toHaveBeenCalled();
  });

  it('delivers a lone live event at once rather than waiting for a fuller batch', async () => {
    const { fake, store, batches } = setup();
    const subscription = store.subscribe({ subscriberId: 's', maxBatchSize: 100 }, async (batch) => {
      batches.push(batch);
    });
    fake.subscriptions[0]!.write(resolved(fake.record('call-1')));
    await until(() => batches.length === 1);
    expect(batches[0]).toHaveLength(1);
    await subscription.stop();
  });

  it('drops system events and anything at or before fromPosition, whatever the server sends', async () => {
    const { fake, store, batches } = setup();
    const [a, b] = [fake.record('call-1'), fake.record('call-1')];
    const system = fake.record('$stats-node', '$statsCollected');
    const c = fake.record('call-1');
    const subscription = store.subscribe({ subscriberId: 's', fromPosition: a.position }, async (batch) => {
      batches.push(batch);
    });
    [a, b, system, c, b].forEach((r) => fake.subscriptions[0]!.write(resolved(r)));
    await until(() => batches.flat().length >= 2);
    await tick(20);
    expect(batches.flat().map((e) => e.id)).toEqual([b.id, c.id]);
    await subscription.stop();
  });

  it('a handler rejection stops the subscription and rejects closed with that very error', async () => {
    const { fake, store } = setup();
    const failure = new Error('projection broke');
    let calls = 0;
    const subscription = store.subscribe({ subscriberId: 's', maxBatchSize: 1 }, async () => {
      calls += 1;
      throw failure;
    });
    const source = fake.subscriptions[0]!;
    source.write(resolved(fake.record('call-1')));
    source.write(resolved(fake.record('call-1')));
    await expect(subscription.closed).rejects.toBe(failure);
    expect(calls).toBe(1);
    expect(source.unsubscribe).toHaveBeenCalled();
    await expect(subscription.stop()).resolves.toBeUndefined();
  });

  it('a dropped connection rejects closed with EventStoreUnavailableError', async () => {
    const { fake, store } = setup();
    const subscription = store.subscribe({ subscriberId: 's' }, async () => undefined);
    fake.subscriptions[0]!.destroy(new UnavailableError(undefined, '14 UNAVAILABLE: connection dropped'));
    await expect(subscription.closed).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('a stream the server ends without an error also rejects closed: a live subscription never ends by itself', async () => {
    const { fake, store } = setup();
    const subscription = store.subscribe({ subscriberId: 's' }, async () => undefined);
    fake.subscriptions[0]!.end();
    await expect(subscription.closed).rejects.toThrow(/ended the subscription/);
  });

  it('stop() from inside the handler does not deadlock, and nothing is delivered after it', async () => {
    const { fake, store, batches } = setup();
    const subscription = store.subscribe({ subscriberId: 's', maxBatchSize: 1 }, async (batch) => {
      batches.push(batch);
      await subscription.stop();
    });
    const source = fake.subscriptions[0]!;
    source.write(resolved(fake.record('call-1')));
    source.write(resolved(fake.record('call-1')));
    await expect(subscription.closed).resolves.toBeUndefined();
    expect(batches).toHaveLength(1);
  });

  it('close() stops every open subscription', async () => {
    const { store } = setup();
    const subscriptions = [1, 2].map(() => store.subscribe({ subscriberId: 's' }, async () => undefined));
    await store.close();
    await Promise.all(subscriptions.map((s) => expect(s.closed).resolves.toBeUndefined()));
  });
});
