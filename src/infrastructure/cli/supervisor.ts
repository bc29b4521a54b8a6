import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type AppConfig, loadConfig } from '../config/app-config.js';
import { assertWebhookSecretFor, configuredWebhookSecrets } from '../config/webhook-secrets.js';
import { lockDataDir } from '../embedded/data-dir-lock.js';
import { EMBEDDED_URL } from '../embedded/embedded-url.js';
import { assertPortFree, freePort } from '../http/port-free.js';
import { localUrl } from '../config/local-url.js';
import { openStores } from '../persistence/open-stores.js';

/** What a role process tells the supervisor once it listens. */
export type ReadyMessage = Readonly<{ type: 'ready'; url: string }>;

type RoleProcess = Readonly<{ role: 'api' | 'worker'; child: ChildProcess; ready: Promise<string>; exited: Promise<string> }>;

/** A child that has not stopped this long after SIGTERM is killed, so Ctrl-C always ends. */
const STOP_GRACE_MS = 30_000;

const spawnRole = (role: 'api' | 'worker', env: NodeJS.ProcessEnv): RoleProcess => {
  // The same node, flags (a test's loader) and entry point as this process.
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, role], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (message: ReadyMessage) => {
      if (message?.type === 'ready') resolve(message.url);
    });
    void exited.then((how) => reject(new Error(`the ${role} process exited (${how}) before it was ready`)));
  });
  ready.catch(() => undefined);
  return { role, child, ready, exited };
};

const stop = async (processes: readonly RoleProcess[]): Promise<void> => {
  await Promise.all(
    processes.map(async ({ child, exited }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }),
  );
};

/** Known before the API starts, so the API can report the worker's readiness and metrics as the service's. */
const workerPort = async (config: AppConfig): Promise<number> => config.WORKER_PORT ?? (await freePort(config.HOST));

/**
 * `dialstream start`: the API and the worker as two processes on one database, so HTTP reads get a
 * core of their own instead of waiting behind the dialer. This process owns what they share — the
 * data directory lock, the embedded PostgreSQL, the migrations, the webhook secret — and their
 * lifetime: a signal stops both; one that dies stops the other and the service exits non-zero
 * (no restart: a crash loop would hide the cause).
 */
export async function supervise(): Promise<void> {
  const config = loadConfig();
  assertWebhookSecretFor('all', config);
  await assertPortFree(config.PORT, config.HOST);
  const lock = config.DATABASE_URL ? null : await lockDataDir(config.DATA_DIR);
  const stores = await openStores(config, (m) => console.warn(m), { ownsDataDir: lock !== null }).catch(async (error: unknown) => {
    await lock?.release();
    throw error;
  });
  // Callbacks may reach either process (PUBLIC_BASE_URL, Twilio): both must hold the same secret.
  const secret =
    configuredWebhookSecrets(config) || config.TELEPHONY_PROVIDER === 'twilio' ? {} : { TELEPHONY_WEBHOOK_SECRET: randomBytes(32).toString('hex') };
  const shared = { ...process.env, DATABASE_URL: config.DATABASE_URL ?? EMBEDDED_URL, ...secret };
  const processes: RoleProcess[] = [];
  let closing = false;
  const shutdown = async (reason: string, code: number): Promise<never> => {
    if (!closing) {
      closing = true;
      console.warn(reason);
      await stop(processes);
      await stores.close();
      await lock?.release();
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT: shutting down', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM: shutting down', 0));

  const watch = (role: RoleProcess): void =>
    void role.exited.then((how) => {
      if (!closing) void shutdown(`the ${role.role} process exited (${how}): stopping the service`, 1);
    });
  try {
    const port = await workerPort(config);
    // The worker first: it is ready once every read model has a live generation (a fresh database's
    // first build), and the API opens its port only then. An API started first took requests whose
    // queries met no read-model views yet (a command answered 500 after its 5 s read-your-writes
    // wait) while clients that wait for the port, not for /health/ready, were already sending.
    // The worker takes its own calls' outcomes (on its port, unless PUBLIC_BASE_URL routes them
    // elsewhere): the API then serves reads and commands only.
    const worker = spawnRole('worker', { ...shared, PORT: String(port), WORKER_RECEIVES_CALLBACKS: 'true' });
    processes.push(worker);
    const workerUrl = await worker.ready;
    watch(worker);
    const api = spawnRole('api', { ...shared, WORKER_URL: localUrl(config.HOST, port) });
    processes.push(api);
    const apiUrl = await api.ready;
    watch(api);
    console.warn(`dialstream listening on ${apiUrl} — docs at ${apiUrl}/docs (API in pid ${api.child.pid}, worker in pid ${worker.child.pid} on ${workerUrl})`);
  } catch (error) {
    closing = true;
    await stop(processes);
    await stores.close();
    await lock?.release();
    throw error;
  }
}
