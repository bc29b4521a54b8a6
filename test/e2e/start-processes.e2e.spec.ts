import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ALWAYS_OPEN, ANY_HOUR, waitFor } from '../support/dialer-harness.js';
import { mockNumbers } from '../support/dialer-numbers.js';
import { freePort } from '../support/redis-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOADER = fileURLToPath(new URL('../support/dialer-ts-register.mjs', import.meta.url));

type Service = { child: ChildProcess; output: () => string; exited: Promise<number | null>; url: string; api: number; worker: number };

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `dialstream start` from the sources, resolved once it says where the API listens and which pids serve it. */
const start = async (databaseUrl: string, port = 0): Promise<Service> => {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', TELEPHONY_MOCK_MIN_DURATION_MS: '50', TELEPHONY_MOCK_MAX_DURATION_MS: '100' };
  const child = spawn(process.execPath, ['--import', LOADER, 'src/main.ts', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /dialstream listening on (\S+) .*API in pid (\d+), worker in pid (\d+)/.exec(output);
      if (found) resolve(found);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`exited (${code}) before listening:\n${output}`)));
  });
  return { child, output: () => output, exited, url: ready[1]!, api: Number(ready[2]), worker: Number(ready[3]) };
};

/** The advisory lock a projection's builder takes (build-lock.ts), held by another session. */
const holdBuildLock = async (databaseUrl: string, projection: string): Promise<{ waiters(): Promise<number>; release(): Promise<void> }> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [0x70726f6a, projection]);
  return {
    waiters: async () =>
      Number((await client.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).rows[0].n),
    release: () => client.end(),
  };
};

const post = async (url: string, body?: unknown): Promise<Record<string, unknown>> => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (response.status >= 300) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
};

describe('dialstream start: the API and the worker in two processes', () => {
  let database: TestDatabase;
  const running: Service[] = [];
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const service of running.splice(0)) {
      if (service.child.exitCode === null) service.child.kill('SIGTERM');
      await service.exited;
    }
    await database.drop();
  });

  it('dials a campaign to the end across them (callbacks reach the API), then stops both on SIGTERM', async () => {
    const service = await start(database.url);
    running.push(service);
    expect(new Set([service.child.pid, service.api, service.worker]).size).toBe(3);
    expect([isAlive(service.api), isAlive(service.worker)]).toEqual([true, true]);

    const { id } = (await post(`${service.url}/api/v1/campaigns`, {
      name: 'two processes',
      // Numbers the mock answers: only a callback that reaches the API can complete them.
      phoneNumbers: mockNumbers('answered', 20),
      schedule: ALWAYS_OPEN,
      ...ANY_HOUR,
      maxConcurrentCalls: 5,
      retryPolicy: { maxRetries: 0, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 },
    })) as { id: string };
    await post(`${service.url}/api/v1/campaigns/${id}/start`);
    const stats = async () => (await (await fetch(`${service.url}/api/v1/campaigns/${id}/stats`)).json()) as { total: number; completed: number; failed: number };
    await waitFor('the campaign to finish', async () => {
      const s = await stats();
      return s.completed + s.failed === 20;
    }, 60_000, 100);
    expect(await stats()).toMatchObject({ total: 20, completed: 20, failed: 0 });

    // One address answers for the service: the dialer's metrics and the provider's circuit come from the worker.
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^dialstream_dialer_dials_started_total 20$/m);
    expect(metrics.match(/^# HELP dialstream_process_cpu_seconds_total /gm)).toHaveLength(1);
    const ready = (await (await fetch(`${service.url}/health/ready`)).json()) as { checks: Array<{ name: string }> };
    expect(ready.checks.find((check) => check.name === 'provider')).toEqual({ name: 'provider', ok: true, circuit: 'closed' });

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect([isAlive(service.api), isAlive(service.worker)]).toEqual([false, false]);
  }, 120_000);

  it('opens the API port only once the worker has built the read models of a fresh database', async () => {
    const lock = await holdBuildLock(database.url, 'campaign-stats');
    const port = await freePort();
    const starting = start(database.url, port);
    starting.catch(() => undefined);
    try {
      await waitFor('the worker to wait for the first build', async () => (await lock.waiters()) > 0, 60_000, 50);
      // An API listening now would answer queries that find no read-model views.
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    } finally {
      await lock.release();
    }
    const service = await starting;
    running.push(service);
    const response = await fetch(`${service.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'right after start', phoneNumbers: mockNumbers('answered', 2), schedule: ALWAYS_OPEN, ...ANY_HOUR }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-read-model-lag')).toBeNull();
  }, 120_000);

  it('reports a worker that dies and exits non-zero, stopping the API with it', async () => {
    const service = await start(database.url);
    running.push(service);
    process.kill(service.worker, 'SIGKILL');

    expect(await service.exited).not.toBe(0);
    expect(service.output()).toContain('the worker process exited (SIGKILL): stopping the service');
    await waitFor('the API process to stop', () => !isAlive(service.api), 30_000, 50);
  }, 60_000);
});
