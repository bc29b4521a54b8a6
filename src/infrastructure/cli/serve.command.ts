import { Command } from 'commander';
import type { Role } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { type ReadyMessage, supervise } from './supervisor.js';

async function serve(role: Role): Promise<void> {
  // Loaded here, not above: the supervisor (`start`) needs none of the application.
  const [{ createApp }, { servesApi }] = await Promise.all([import('../bootstrap.js'), import('../app.module.js')]);
  const running = await createApp({ role });
  const docs = servesApi(role) ? ` — docs at ${running.url}/docs` : ' (health and metrics only)';
  console.warn(`dialstream (${role}) listening on ${running.url}${docs}`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.warn(`${signal}: shutting down`);
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // Started by `dialstream start`: report the address, and stop when that process is gone (even by kill -9).
  if (process.send) {
    process.send({ type: 'ready', url: running.url } satisfies ReadyMessage);
    process.once('disconnect', () => void shutdown('supervisor gone'));
  }
}

const start = (): Promise<void> => (loadConfig().SINGLE_PROCESS === 'true' ? serve('all') : supervise());

export const serveCommands = (): Command[] => [
  new Command('start')
    .description('API in one process, dialer and projectors in another (default; SINGLE_PROCESS=true: one process)')
    .action(start),
  new Command('api').description('the REST API only').action(() => serve('api')),
  new Command('worker').description('dialer and projectors only').action(() => serve('worker')),
];
