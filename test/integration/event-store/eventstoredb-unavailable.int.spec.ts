import { jest } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { EventStoreUnavailableError, type EventStore } from '../../../src/application/ports/event-store.port.js';
import { createEventStoreDbEventStore } from '../../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store.js';
import { newEvent, streamName } from './event-store.fixtures.js';

/** A port nothing listens on: bound by us, then released. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

const timed = async (operation: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> => {
  const started = performance.now();
  try {
    await operation();
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
};

describe('EventStoreDB adapter with nothing listening (real client, real sockets)', () => {
  let store: EventStore;

  beforeAll(async () => {
    store = createEventStoreDbEventStore({
      connectionString: `esdb://127.0.0.1:${await closedPort()}?tls=false`,
      deadlineMs: 2_000,
    });
  });
  afterAll(() => store.close());

  it('appendToStream rejects with EventStoreUnavailableError, promptly', async () => {
    const { error, ms } = await timed(() => store.appendToStream(streamName(), [newEvent()], { expectedVersion: 'no_stream' }));
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as Error).message).toMatch(/UNAVAILABLE/);
    expect(ms).toBeLessThan(2_000);
  });

  it('readStream, readAll and headPosition reject with EventStoreUnavailableError', async () => {
    await expect(store.readStream(streamName())).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readAll({ limit: 10 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('a subscription closes with EventStoreUnavailableError and never calls its handler', async () => {
    const handler = jest.fn(async (): Promise<void> => undefined);
    const subscription = store.subscribe({ subscriberId: 'unavailable-test' }, handler);
    await expect(subscription.closed).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('EventStoreDB adapter against a peer that accepts connections and never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let store: EventStore;

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    store = createEventStoreDbEventStore({ connectionString: `esdb://127.0.0.1:${port}?tls=false`, deadlineMs: 500 });
  });
  afterAll(async () => {
    await store.close();
    sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // The client alone would wait forever here: its server-features probe has no deadline.
  it('appendToStream rejects with EventStoreUnavailableError at the configured deadline', async () => {
    const { error, ms } = await timed(() => store.appendToStream(streamName(), [newEvent()], { expectedVersion: 'any' }));
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(2_000);
  });

  it('a read rejects with EventStoreUnavailableError at the configured deadline', async () => {
    const { error, ms } = await timed(() => store.readAll({ limit: 1 }));
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect(ms).toBeLessThan(2_000);
  });
});
