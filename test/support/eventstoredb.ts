import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import { EventStoreUnavailableError } from '../../src/application/ports/event-store.port.js';
import { createEventStoreDbEventStore } from '../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store.js';

/** The image KurrentDB's quick start runs; insecure single node, in memory, no projections. */
export const KURRENTDB_IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb:latest';
const PORT = 2113;

export type EventStoreDbAvailability =
  | Readonly<{
      available: true;
      connectionString: string;
      source: 'EVENTSTORE_URL' | 'testcontainers';
      stop(): Promise<void>;
    }>
  | Readonly<{
      available: false;
      /** `no-runtime`: neither EVENTSTORE_URL nor a container runtime — the documented way to be without one. */
      kind: 'no-runtime' | 'start-failed';
      reason: string;
    }>;

const NO_RUNTIME = /could not find a working container runtime strategy/i;

/**
 * How a test gets an EventStoreDB: `EVENTSTORE_URL` if set, else a throwaway KurrentDB container.
 * Never throws: without either the answer says why, so a suite can say it did not run.
 */
export async function resolveEventStoreDb(env: NodeJS.ProcessEnv = process.env): Promise<EventStoreDbAvailability> {
  const url = env.EVENTSTORE_URL?.trim();
  if (url) return { available: true, connectionString: url, source: 'EVENTSTORE_URL', stop: async () => undefined };

  let container: StartedTestContainer | undefined;
  try {
    container = await new GenericContainer(KURRENTDB_IMAGE)
      .withEnvironment({
        KURRENTDB_CLUSTER_SIZE: '1',
        KURRENTDB_INSECURE: 'true',
        KURRENTDB_MEM_DB: 'true',
        KURRENTDB_RUN_PROJECTIONS: 'None',
        KURRENTDB_NODE_PORT: String(PORT),
      })
      .withExposedPorts(PORT)
      .withWaitStrategy(Wait.forHttp('/health/live', PORT).forStatusCodeMatching((status) => status < 300))
      .withStartupTimeout(120_000)
      .start();
    const connectionString = `esdb://${container.getHost()}:${container.getMappedPort(PORT)}?tls=false`;
    await untilWritable(connectionString);
    const started = container;
    return { available: true, connectionString, source: 'testcontainers', stop: async () => void (await started.stop()) };
  } catch (error) {
    await container?.stop().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    return NO_RUNTIME.test(message)
      ? { available: false, kind: 'no-runtime', reason: `EVENTSTORE_URL is not set and there is no container runtime (${message})` }
      : { available: false, kind: 'start-failed', reason: `the KurrentDB container did not start: ${message}` };
  }
}

/** /health/live answers before the node is leader; wait until gRPC reads succeed. */
async function untilWritable(connectionString: string, timeoutMs = 60_000): Promise<void> {
  const store = createEventStoreDbEventStore({ connectionString, deadlineMs: 2_000 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await store.headPosition();
        return;
      } catch (error) {
        if (!(error instanceof EventStoreUnavailableError) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await store.close();
  }
}
