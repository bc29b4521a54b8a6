import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { EVENT_STORE, type EventStore } from '../../src/application/ports/event-store.port.js';
import { createApp, type Running } from '../../src/infrastructure/bootstrap.js';
import { loadConfig } from '../../src/infrastructure/config/app-config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOADER = fileURLToPath(new URL('./dialer-ts-register.mjs', import.meta.url));

export type Api = Readonly<{ url: string; store: EventStore; secret: string; running: Running; post(path: string, body?: unknown): Promise<Record<string, unknown>> }>;

/** The API role in this process: campaigns are created through it and the workers' webhooks land on it. */
export const startApi = async (databaseUrl: string): Promise<Api> => {
  const secret = randomBytes(16).toString('hex');
  const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', TELEPHONY_WEBHOOK_SECRET: secret });
  const running = await createApp({ config, role: 'api', logger: false });
  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${running.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  return { url: running.url, store: running.app.get(EVENT_STORE), secret, running, post };
};

/** Creates a campaign through the API and starts it; resolves to its id. */
export const startCampaign = async (api: Api, body: Record<string, unknown>): Promise<string> => {
  const { id } = (await api.post('/campaigns', body)) as { id: string };
  await api.post(`/campaigns/${id}/start`);
  return id;
};

export type Worker = Readonly<{ process: ChildProcess; output: () => string; kill(signal?: NodeJS.Signals): Promise<void> }>;

/**
 * `dialstream worker` as its own OS process, from the TypeScript sources through an swc loader (no
 * build step). Resolves once it listens, i.e. its dialer has started.
 */
export const spawnWorker = (env: Record<string, string>): Promise<Worker> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', LOADER, 'src/main.ts', 'worker'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const worker: Worker = {
      process: child,
      output: () => output,
      kill: async (signal = 'SIGKILL') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve(worker);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`worker did not start in 30 s:\n${output}`)), 30_000).unref();
  });

export type Processes = { db: TestDatabase; api: Api; workers: Worker[]; spawn(env: Record<string, string>): Promise<Worker> };

/** A fresh database and the API for the whole file; every worker spawned through it is stopped after the last test. */
export const useApiAndWorkers = (): Readonly<Processes> => {
  const processes = {
    workers: [] as Worker[],
    spawn: async (env: Record<string, string>) => {
      const worker = await spawnWorker(env);
      processes.workers.push(worker);
      return worker;
    },
  } as Processes;
  beforeAll(async () => {
    processes.db = await createTestDatabase();
    processes.api = await startApi(processes.db.url);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(processes.workers.map((w) => w.kill('SIGTERM')));
    await processes.api?.running.close();
    await processes.db?.drop();
  });
  return processes;
};
