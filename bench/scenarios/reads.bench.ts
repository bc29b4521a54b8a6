import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createBenchDatabase } from '../support/fresh-database.js';
import { ordinaryNumbers } from '../support/phone-numbers.js';
import { param, type Scenario } from '../support/scenario.js';
import { ALWAYS_OPEN, ANY_HOUR } from '../support/service.js';
import { freePort } from '../support/spawned-service.js';
import { pollUntil } from '../support/timing.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

type Started = Readonly<{ url: string; stop(): Promise<void> }>;

/** `dialstream start` as a person runs it (built), in its own process(es): the bench is only the client. */
const startService = async (env: Record<string, string>): Promise<Started> => {
  // e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": `start` passes node's flags on to the API and the worker.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, MAIN, 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The service's own line (supervisor, or SINGLE_PROCESS), never a role process's: the worker's port serves no API.
      const found = /dialstream (?:\(all\) )?listening on (http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`the service exited before listening:\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
};

type Load = Readonly<{ requests: number; perSecond: number; p50: number; p99: number; errors: number; non2xx: number }>;

const load = async (url: string, connections: number, seconds: number): Promise<Load> => {
  const result = await autocannon({ url, connections, duration: seconds });
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
};

const json = async <T>(url: string, method = 'GET', body?: unknown): Promise<T> => {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

/**
 * Idle and dialing read loads against one service shape, each on a fresh database. With `floor`, also
 * `GET /health/live` (no database) right after each: what the HTTP stack alone answers on this machine then.
 */
const measureShape = async (singleProcess: boolean, params: Readonly<Record<string, number>>, floor = false) => {
  const db = await createBenchDatabase();
  const service = await startService({
    DATABASE_URL: db.url,
    PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    SINGLE_PROCESS: singleProcess ? 'true' : 'false',
    TELEPHONY_MOCK_MIN_DURATION_MS: String(params.callMinMs),
    TELEPHONY_MOCK_MAX_DURATION_MS: String(params.callMaxMs),
    TELEPHONY_MOCK_FAILURE_RATE: '0',
    TELEPHONY_MOCK_SEED: '1',
  });
  try {
    const api = `${service.url}/api/v1`;
    const campaign = await json<{ id: string }>(`${api}/campaigns`, 'POST', {
      name: 'reads bench',
      phoneNumbers: ordinaryNumbers(params.numbers!),
      ...ANY_HOUR,
      schedule: ALWAYS_OPEN,
      maxConcurrentCalls: params.cap,
      retryPolicy: { maxRetries: 0, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 },
    });
    const stats = `${api}/campaigns/${campaign.id}/stats`;
    const live = `${service.url}/health/live`;
    const idle = await load(stats, params.connections!, params.seconds!);
    const idleFloor = floor ? await load(live, params.connections!, params.seconds!) : null;
    await json(`${api}/campaigns/${campaign.id}/start`, 'POST');
    // Measured only once the cap is full: every slot dialing, ending and refilling.
    await pollUntil('the cap to fill', async () => ((await json<{ inProgress: number }>(stats)).inProgress >= params.cap! * 0.8 ? true : undefined), { timeoutMs: 60_000, everyMs: 100 });
    const before = await json<{ attempts: number }>(stats);
    const dialing = await load(stats, params.connections!, params.seconds!);
    const after = await json<{ attempts: number; pending: number }>(stats);
    const dialingFloor = floor ? await load(live, params.connections!, params.seconds!) : null;
    if ((await json<{ pending: number }>(stats)).pending === 0) throw new Error('the campaign ran out of numbers while reads were measured: raise numbers');
    return { idle, dialing, idleFloor, dialingFloor, attemptsPerSecond: (after.attempts - before.attempts) / params.seconds! };
  } finally {
    await service.stop();
    await db.drop();
  }
};

const floorRows = (when: string, stats: Load, floor: Load) => [
  { name: `${when}: GET /stats req/s, two processes`, value: stats.perSecond, unit: 'req/s', baseline: { name: 'GET /health/live (no database), measured right after', value: floor.perSecond } },
  { name: `${when}: GET /stats p99, two processes`, value: stats.p99, unit: 'ms', baseline: { name: 'GET /health/live', value: floor.p99 } },
];

export const readsScenario: Scenario = {
  name: 'reads',
  summary: 'issue 13: GET /campaigns/:id/stats at 32 connections, idle and while a campaign dials at cap 200 (0.5–1.5 s calls): `start` as two processes vs one, and vs GET /health/live (the HTTP stack alone)',
  params: { connections: 32, seconds: 10, numbers: 8_000, cap: 200, callMinMs: 500, callMaxMs: 1_500 },
  run: async (raw) => {
    const params = Object.fromEntries(Object.keys(raw).map((key) => [key, param(raw, key)]));
    const single = await measureShape(true, params);
    const split = await measureShape(false, params, true);
    const rows = [
      ['idle', split.idle, single.idle],
      ['while dialing', split.dialing, single.dialing],
    ] as const;
    return {
      measurements: [
        ...rows.flatMap(([when, two, one]) => [
          { name: `${when}: req/s, API + worker processes`, value: two.perSecond, unit: 'req/s', baseline: { name: 'one process (SINGLE_PROCESS=true)', value: one.perSecond } },
          { name: `${when}: p99, API + worker processes`, value: two.p99, unit: 'ms', baseline: { name: 'one process', value: one.p99 } },
          { name: `${when}: p50, API + worker processes`, value: two.p50, unit: 'ms', baseline: { name: 'one process', value: one.p50 } },
        ]),
        ...floorRows('idle', split.idle, split.idleFloor!),
        ...floorRows('while dialing', split.dialing, split.dialingFloor!),
        { name: 'attempts/s while reads were measured, two processes', value: split.attemptsPerSecond, unit: 'attempts/s', baseline: { name: 'one process', value: single.attemptsPerSecond } },
      ],
      details: { params, single, split },
    };
  },
};
