import { Command } from 'commander';
import { type Role, servesApi } from '../app.module.js';
import { createApp } from '../bootstrap.js';

async function serve(role: Role): Promise<void> {
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
}

export const serveCommands = (): Command[] => [
  new Command('start').description('API, dialer and projectors in one process (default)').action(() => serve('all')),
  new Command('api').description('the REST API only').action(() => serve('api')),
  new Command('worker').description('dialer and projectors only').action(() => serve('worker')),
];
