import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port.js';
import { createApp, type Running } from '../../src/infrastructure/bootstrap.js';
import { loadConfig } from '../../src/infrastructure/config/app-config.js';
import { createBenchDatabase, type BenchDatabase } from './fresh-database.js';

export type ApiResult<Body> = Readonly<{ status: number; body: Body }>;

export type BenchService = Readonly<{
  url: string;
  db: BenchDatabase;
  store: EventStore;
  /** A request under /api/v1, or at the root when `path` starts with `//`; objects are sent as JSON. */
  api<Body = Record<string, unknown>>(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiResult<Body>>;
  /** The response body, or an error naming the route and what came back. */
  expect<Body = Record<string, unknown>>(status: number, method: string, path: string, body?: unknown, contentType?: string): Promise<Body>;
  close(): Promise<void>;
}>;

/**
 * The whole service (API, projectors, dialer) in this process on a fresh database, on a free port,
 * spoken to over real HTTP. `env` overrides configuration; logging and the rate limit are off.
 */
export const startService = async (env: Record<string, string> = {}): Promise<BenchService> => {
  const db = await createBenchDatabase();
  let running: Running;
  try {
    const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', ...env });
    running = await createApp({ role: 'all', config, logger: false });
  } catch (error) {
    await db.drop();
    throw error;
  }
  const url = running.url;
  const api = async <Body>(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiResult<Body>> => {
    const target = path.startsWith('//') ? `${url}${path.slice(1)}` : `${url}/api/v1${path}`;
    const response = await fetch(target, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'content-type': contentType ?? 'application/json' },
            body: typeof body === 'string' ? body : JSON.stringify(body),
          }),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') ?? false;
    return { status: response.status, body: (json && text ? JSON.parse(text) : text) as Body };
  };
  return {
    url,
    db,
    store: running.app.get<EventStore>(EVENT_STORE),
    api,
    expect: async <Body>(status: number, method: string, path: string, body?: unknown, contentType?: string) => {
      const result = await api<Body>(method, path, body, contentType);
      if (result.status !== status) {
        throw new Error(`${method} ${path}: expected ${status}, got ${result.status}: ${JSON.stringify(result.body).slice(0, 500)}`);
      }
      return result.body;
    },
    close: async () => {
      try {
        await running.close();
      } finally {
        await db.drop();
      }
    },
  };
};

/** A schedule open at every instant, so wall time measures the dialer and not the calendar. */
/** Recipient hours around the clock and no built-in rules: the dialer gates nothing on the recipient. */
export const ANY_HOUR = { recipientHours: { start: '00:00', end: '24:00' }, complianceRules: 'none' } as const;

export const ALWAYS_OPEN = {
  timezone: 'UTC',
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }],
};
