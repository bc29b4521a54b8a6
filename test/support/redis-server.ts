import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * A redis-server of the test's own, on a free port and without persistence, so that a test can
 * restart it (`shutdown nosave`: every key is lost) without touching the Redis other tests share.
 */
export class OwnRedis {
  #process: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.#spawn();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** `redis-cli shutdown nosave`, then the same port again, empty. */
  async restart(downMs = 500): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.#spawn();
  }

  async stop(): Promise<void> {
    const child = this.#process;
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    await promisify(execFile)('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave']).catch(() => child.kill('SIGKILL'));
    await exited;
    this.#process = null;
  }

  #spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      this.#process = child;
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
      setTimeout(() => reject(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000).unref();
    });
  }
}
