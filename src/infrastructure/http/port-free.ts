import { createServer } from 'node:net';

/**
 * Fails with the listen error (EADDRINUSE, EACCES…) when PORT on HOST cannot be taken, before the
 * databases start: a taken port then costs a second, not an embedded PostgreSQL start and stop.
 * Port 0 (any free port) always succeeds. A port taken between this and the real listen still fails there.
 */
export const assertPortFree = (port: number, host: string): Promise<void> =>
  port === 0
    ? Promise.resolve()
    : new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
      });

/** A port free on HOST now, for a process started next (WORKER_PORT unset): the OS picks it. */
export const freePort = (host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
