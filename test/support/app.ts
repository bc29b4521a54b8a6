import { verifyLog } from '../../src/application/audit/verify-log.js';
import { comparePositions, EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port.js';
import type { Role } from '../../src/infrastructure/app.module.js';
import { createApp, type Running } from '../../src/infrastructure/bootstrap.js';
import { type AppConfig, loadConfig } from '../../src/infrastructure/config/app-config.js';
import { verifyOptionsOf } from '../../src/infrastructure/config/verify-options.js';
import { toPosition } from '../../src/infrastructure/event-store/postgres/event-row.mapper.js';
import { contractCheck } from './contract.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export type ApiResponse<Body = any> = Readonly<{ status: number; headers: Headers; body: Body; text: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type RequestOptions = Readonly<{
  /** Sent as JSON unless `contentType` says otherwise (then as is). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}>;

export type TestApp = Readonly<{
  url: string;
  db: TestDatabase;
  store: EventStore;
  running: Running;
  /** A request under /api/v1 (or at the root when `path` starts with `//`). */
  api<Body = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<Body>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Rows in the events table: what was appended, whatever the read models say. */
  eventCount(streamPrefix?: string): Promise<number>;
  close(): Promise<void>;
}>;

export type TestAppOptions = Readonly<{
  role?: Role;
  /** Another app's database, e.g. to restart on it; left in place by `close()`. */
  db?: TestDatabase;
  /** `false`: the test writes a log that breaks an invariant on purpose, so `close()` does not verify it. */
  verify?: boolean;
}>;

/**
 * Readers (verify among them) see an event once every older transaction has finished (DESIGN §1):
 * wait until the last event written so far is visible, so the test's last events are verified too.
 */
const untilAllVisible = async (store: EventStore, db: TestDatabase): Promise<void> => {
  const last = await db
    .knex('events')
    .select('transaction_id', 'position')
    .orderBy([
      { column: 'transaction_id', order: 'desc' },
      { column: 'position', order: 'desc' },
    ])
    .first<{ transaction_id: string; position: string } | undefined>();
  if (!last) return;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const head = await store.headPosition();
    if (head !== null && comparePositions(head, toPosition(last)) >= 0) return;
  }
  throw new Error('the last events written never became visible to readers within 10 s');
};

/**
 * Every log an end-to-end test leaves is held to the invariants by `dialstream verify`'s own
 * checks, with the limits the app ran under (issue 12: verify passes on every campaign the e2e
 * suite runs). A violation fails the test file that made it, naming each one and its events.
 */
const assertLogVerifies = async (store: EventStore, db: TestDatabase, config: AppConfig): Promise<void> => {
  await untilAllVisible(store, db);
  const report = await verifyLog(store, { options: verifyOptionsOf(config) });
  if (report.ok) return;
  const named = report.violations.map((v) => `  ${v.check} (invariant ${v.invariant}): ${v.message} [${v.evidence.map((e) => `${e.stream}@${e.version}`).join(', ')}]`);
  throw new Error(`dialstream verify found ${report.violations.length} violation(s) in this test's log:\n${named.join('\n')}`);
};

/**
 * The whole service (API, projectors, dialer) on a fresh PostgreSQL database, listening on a free
 * port. `env` overrides configuration; the rate limit is off unless a test sets it.
 */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDb = options.db === undefined;
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', ...env });
  let running: Running;
  try {
    running = await createApp({ config, role: options.role ?? 'all', logger: false });
  } catch (error) {
    if (ownsDb) await db.drop();
    throw error;
  }
  const url = running.url;
  const checkContract = contractCheck(url);
  return {
    url,
    db,
    running,
    store: running.app.get(EVENT_STORE),
    api: async (method, path, options = {}) => {
      const target = path.startsWith('//') ? `${url}${path.slice(1)}` : `${url}/api/v1${path}`;
      const json = options.body !== undefined && options.contentType === undefined;
      const headers = {
        ...(options.body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
        ...options.headers,
      };
      const response = await fetch(target, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: json ? JSON.stringify(options.body) : (options.body as string) }),
      });
      const text = await response.text();
      const isJson = response.headers.get('content-type')?.includes('json') ?? false;
      const received = { status: response.status, headers: response.headers, text, body: isJson && text ? JSON.parse(text) : text };
      await checkContract({ method, url: target, headers }, received);
      return received;
    },
    eventCount: async (streamPrefix = '') =>
      Number((await db.knex('events').where('stream', 'like', `${streamPrefix}%`).count<{ n: string }[]>('* as n'))[0]!.n),
    close: async () => {
      try {
        if (options.verify !== false) await assertLogVerifies(running.app.get(EVENT_STORE), db, config);
      } finally {
        await running.close();
        if (ownsDb) await db.drop();
      }
    },
  };
}

/**
 * One app for the whole test file, started before its first test and closed after its last: call it
 * at the top of a spec. The object stands for the app once started.
 */
export function useTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(env, options);
  }, 60_000);
  afterAll(async () => {
    await started?.close();
  });
  const app = (): TestApp => {
    if (!started) throw new Error('the test app is started in beforeAll');
    return started;
  };
  return {
    get url() {
      return app().url;
    },
    get db() {
      return app().db;
    },
    get store() {
      return app().store;
    },
    get running() {
      return app().running;
    },
    api: (method, path, options) => app().api(method, path, options),
    eventCount: (streamPrefix) => app().eventCount(streamPrefix),
    close: () => app().close(),
  };
}
