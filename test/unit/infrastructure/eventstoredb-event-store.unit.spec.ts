import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from '@eventstore/db-client';
import {
  ConcurrencyError,
  EventStoreUnavailableError,
  type NewEvent,
  StreamNotFoundError,
} from '../../../src/application/ports/event-store.port.js';
import { EventStoreDbEventStore } from '../../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store.js';
import { FakeEsdb } from './eventstoredb-fake-client.js';

const newEvent = (type = 'Tested'): NewEvent => ({
  id: randomUUID(),
  type,
  data: { n: 1 },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2026-11-24T10:00:00.000Z', schemaVersion: 1 },
});

describe('EventStoreDbEventStore over a fake client: appends', () => {
  it('maps the expected version, writes JSON events, and returns the last event’s own position', async () => {
    const fake = new FakeEsdb();
    const store = new EventStoreDbEventStore(fake.client, { deadlineMs: 1_000 });
    const events = [newEvent('A'), newEvent('B')];
    fake.appendToStream.mockImplementation(async () => {
      fake.record('campaign-1', 'A');
      fake.record('campaign-1', 'B');
      return { success: true, nextExpectedRevision: 1n, position: { commit: 200n, prepare: 200n } };
    });

    const result = await store.appendToStream('campaign-1', events, { expectedVersion: 'no_stream' });

    const [stream, data, options] = fake.appendToStream.mock.calls[0]! as [string, unknown[], Record<string, unknown>];
    expect(stream).toBe('campaign-1');
    expect(options).toMatchObject({ expectedRevision: 'no_stream', deadline: 1_000 });
    expect(data).toEqual(
      events.map((e) => ({ id: e.id, type: e.type, contentType: 'application/json', data: e.data, metadata: e.metadata })),
    );
    expect(result).toEqual({ nextExpectedVersion: 1, position: fake.log[1]!.position });
  });

  it('a WrongExpectedVersionError rejects with ConcurrencyError carrying the actual version', async () => {
    const fake = new FakeEsdb();
    const store = new EventStoreDbEventStore(fake.client);
    fake.appendToStream.mockRejectedValue(
      new WrongExpectedVersionError(undefined, { streamName: 'call-1', expected: 2n, current: 5n }),
    );
    const attempt = store.appendToStream('call-1', [newEvent()], { expectedVersion: 2 });
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(attempt).rejects.toMatchObject({ stream: 'call-1', expected: 2, actual: 5 });
  });

  it('a plain gRPC code-14 Error rejects with EventStoreUnavailableError', async () => {
    const fake = new FakeEsdb();
    const store = new EventStoreDbEventStore(fake.client);
    fake.appendToStream.mockRejectedValue(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }));
    await expect(store.appendToStream('call-1', [newEvent()], { expectedVersion: 'any' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });

  it('an append that never answers rejects with EventStoreUnavailableError at the deadline', async () => {
    const fake = new FakeEsdb();
    const store = new EventStoreDbEventStore(fake.client, { deadlineMs: 40 });
    fake.appendToStream.mockReturnValue(new Promise(() => undefined));
    await expect(store.appendToStream('call-1', [newEvent()], { expectedVersion: 'any' })).rejects.toThrow(
      /did not answer an append to call-1 within 40 ms/,
    );
  });
});

describe('EventStoreDbEventStore over a fake client: reads', () => {
  it('readStream maps events and turns the client’s StreamNotFoundError into ours', async () => {
    const fake = new FakeEsdb();
    const store = new EventStoreDbEventStore(fake.client);
    const [first, second] = [fake.record('call-1'), fake.record('call-1')];
    const read = await store.readStream('call-1', { from: 1 });
    expect(read.map((e) => [e.id, e.streamVersion, e.position])).toEqual([[second.id, 1, second.position]]);
    expect(first.revision).toBe(0n);
    expect(await store.readStream('call-1', { limit: 0 })).toEqual([]);
    await expect(store.readStream('call-404')).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('readAll excludes its fromPosition (ESDB includes it) and every system event', async () => {
    const fake = new FakeEsdb();
    const store = new EventStoreDbEventStore(fake.client);
    const a = fake.record('campaign-1');
    fake.record('$stats-node', '$statsCollected');
    const b = fake.record('campaign-1');
    fake.record('$$campaign-1', '$metadata');
    const c = fake.record('call-1');

    expect((await store.readAll({ limit: 10 })).map((e) => e.id)).toEqual([a.id, b.id, c.id]);
    expect((await store.readAll({ fromPosition: a.position, limit: 10 })).map((e) => e.id)).toEqual([b.id, c.id]);
    expect((await store.readAll({ fromPosition: a.position, limit: 1 })).map((e) => e.id)).toEqual([b.id]);
    expect(await store.readAll({ fromPosition: c.position, limit: 10 })).toEqual([]);
  });

  it('readAll keeps paging while system events fill whole pages, so a short page means the end', async () => {
    const fake = new FakeEsdb();
    const store = new EventStoreDbEventStore(fake.client);
    const first = fake.record('campaign-1');
    for (let i = 0; i < 150; i += 1) fake.record('$stats-node', '$statsCollected');
    const late = fake.record('campaign-1');

    const read = await store.readAll({ fromPosition: first.position, limit: 5 });
    expect(read.map((e) => e.id)).toEqual([late.id]);
    expect(fake.readAllCalls.length).toBeGreaterThan(1);
  });

  it('headPosition is the last non-system event, looking past a page of trailing system events', async () => {
    const fake = new FakeEsdb();
    const store = new EventStoreDbEventStore(fake.client);
    expect(await store.headPosition()).toBeNull();
    fake.record('$settings', '$settings');
    expect(await store.headPosition()).toBeNull();
    const last = fake.record('call-1');
    for (let i = 0; i < 40; i += 1) fake.record('$stats-node', '$statsCollected');
    expect(await store.headPosition()).toEqual(last.position);
  });
});
