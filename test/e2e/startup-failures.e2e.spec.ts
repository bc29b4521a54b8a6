import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOADER = fileURLToPath(new URL('../support/dialer-ts-register.mjs', import.meta.url));

/** `dialstream start` as a person runs it, from the sources (no build); resolves when it exits. */
const start = (env: Record<string, string>): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', LOADER, 'src/main.ts', 'start'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });

const lines = (output: string) => output.split('\n').filter((line) => line.trim() !== '');
const STACK_FRAME = /^\s+at /m;

describe('a start that cannot succeed says why in one line and exits non-zero', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('names PORT and HOST when the port is taken', async () => {
    const { code, output } = await start({ PORT: String(port) });
    expect(code).not.toBe(0);
    expect(lines(output)).toEqual([`port 127.0.0.1:${port} is already in use: set PORT (or HOST) to a free one`]);
  }, 30_000);

  it('names the variable, the value as written and what it accepts for bad configuration', async () => {
    const { code, output } = await start({ PORT: 'abc' });
    expect(code).not.toBe(0);
    expect(lines(output)).toEqual(['invalid configuration: PORT="abc": must be an integer number, must not be less than 0, must not be greater than 65535']);
  }, 30_000);

  it('adds the stack only with LOG_LEVEL=debug', async () => {
    const quiet = await start({ PORT: 'abc' });
    const debug = await start({ PORT: 'abc', LOG_LEVEL: 'debug' });
    expect(quiet.output).not.toMatch(STACK_FRAME);
    expect(debug.output).toMatch(STACK_FRAME);
    expect(debug.code).not.toBe(0);
  }, 30_000);
});
