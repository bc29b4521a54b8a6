import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

export type ServiceProcesses = Readonly<{ supervisor: number; api: number; worker: number }>;

export type SpawnedService = Readonly<{ url: string; pids: ServiceProcesses; stop(): Promise<void> }>;

/**
 * `dialstream start` (built) as a person runs it: a supervisor with an API and a worker process,
 * whose pids it prints once both listen. `nodeArgs` reach all three (the supervisor passes its own
 * flags on), e.g. `--heapsnapshot-signal=SIGUSR2`.
 */
export const spawnService = async (env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<SpawnedService> => {
  const child = spawn(process.execPath, [...nodeArgs, MAIN, 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = await new Promise<{ url: string; api: number; worker: number }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/\S+) .*API in pid (\d+), worker in pid (\d+)/.exec(output);
      if (found) resolve({ url: found[1]!, api: Number(found[2]), worker: Number(found[3]) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`the service exited before listening:\n${output}`)));
  });
  return {
    url: started.url,
    pids: { supervisor: child.pid!, api: started.api, worker: started.worker },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
};

/** Resident set size of a process in MB, from /proc (Linux): what the kernel holds for it, heap or not. */
export const rssMbOf = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb[1]) / 1024;
};
