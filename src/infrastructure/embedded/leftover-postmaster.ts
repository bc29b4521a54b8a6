import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './data-dir-lock.js';

/** The postmaster's pid from its own pid file, if that process still runs PostgreSQL. */
const runningPostmaster = async (databaseDir: string): Promise<number | null> => {
  const pid = Number.parseInt((await readFile(join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  // A recycled pid is not ours to stop: on Linux, check it is a postgres process.
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => 'postgres');
  return command.includes('postgres') ? pid : null;
};

/**
 * A service killed without its shutdown (kill -9, a terminal closed under `npm start` before it
 * forwarded signals) leaves the embedded PostgreSQL running on the data directory. Called while
 * holding the data-directory lock, so no live service of ours uses it: stop it (fast shutdown) and
 * start afresh, rather than join a server nobody will stop.
 */
export async function stopLeftoverPostmaster(databaseDir: string, log: (m: string) => void): Promise<void> {
  const pid = await runningPostmaster(databaseDir);
  if (pid === null) return;
  log(`stopping the embedded PostgreSQL (pid ${pid}) a previous run left in ${databaseDir}`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`the embedded PostgreSQL a previous run left (pid ${pid}) did not stop; stop it and start again`);
    await sleep(100);
  }
}
