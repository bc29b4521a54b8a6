import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export type DataDirLock = { release(): Promise<void> };

export class DataDirInUse extends Error {
  override readonly name = 'DataDirInUse';
}

/** Signal 0 probes: EPERM still means the process exists (another user's). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const holder = async (path: string): Promise<number | null> => {
  const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
};

/**
 * One service per data directory: two on one embedded PostgreSQL would dial the same campaigns
 * and fence each other's leases without saying so. The lock is a file holding the owner's pid,
 * created exclusively; a file left by a dead process (kill -9, power loss) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, 'dialstream.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = await holder(path);
      if (pid !== null && pid !== process.pid && isAlive(pid)) {
        throw new DataDirInUse(
          `DATA_DIR=${dataDir} is in use by another dialstream (pid ${pid}): stop it first, or give this one its own DATA_DIR (or a DATABASE_URL)`,
        );
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new DataDirInUse(`DATA_DIR=${dataDir}: could not take ${path}; another dialstream is starting on it`);
}
