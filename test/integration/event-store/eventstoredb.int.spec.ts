import { createEventStoreDbEventStore } from '../../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store.js';
import { resolveEventStoreDb } from '../../support/eventstoredb.js';
import { describeEventStoreContract } from './event-store.contract.js';
import { eventually, newEvents, readAllOf, streamName } from './event-store.fixtures.js';

// Jest registers tests synchronously, so whether there is a server to test is settled first.
const esdb = await resolveEventStoreDb();

if (esdb.available) {
  const { connectionString } = esdb;
  afterAll(() => esdb.stop());

  describeEventStoreContract('EventStoreDB', async () => {
    const store = createEventStoreDbEventStore({ connectionString });
    return { store, teardown: () => store.close() };
  });

  describe('EventStoreDB event store specifics', () => {
    const store = createEventStoreDbEventStore({ connectionString });
    afterAll(() => store.close());

    it('the position an append returns is the one $all reports for its last event', async () => {
      const stream = streamName();
      const start = await store.headPosition();
      const { position } = await store.appendToStream(stream, newEvents(3), { expectedVersion: 'no_stream' });
      const read = await eventually(
        () => readAllOf(store, new Set([stream]), start),
        (events) => events.length >= 3,
      );
      expect(read.at(-1)?.position).toEqual(position);
      expect(read.map((event) => event.streamVersion)).toEqual([0, 1, 2]);
    });
  });
} else {
  console.warn(`EventStoreDB contract suite NOT RUN: ${esdb.reason}`);

  // Says so in the results, and fails if a runtime was there but KurrentDB would not start.
  it(`eventstoredb contract: NOT RUN — ${esdb.reason}`, () => {
    expect(esdb.kind).toBe('no-runtime');
  });
}
