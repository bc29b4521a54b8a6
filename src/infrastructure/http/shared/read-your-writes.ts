import type { Response } from 'express';
import type { Position } from '../../../application/ports/event-store.port.js';
import type { ReadModelProgress } from '../../../application/ports/read-model-progress.port.js';

const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;
export const READ_MODEL_LAG_HEADER = 'X-Read-Model-Lag';

/**
 * Read-your-writes: a command answers only once every projection has passed the position its events
 * were appended at (bounded by READ_YOUR_WRITES_TIMEOUT_MS), so a GET right after a 2xx never 404s.
 * On timeout the write is still durable and acknowledged; the response says so with
 * `X-Read-Model-Lag: true`. A null position (nothing appended) has nothing to wait for.
 */
export async function awaitReadModels(progress: ReadModelProgress, position: Position | null, res: Response): Promise<boolean> {
  if (position === null) return true;
  const caughtUp = await progress.waitFor(position, READ_YOUR_WRITES_TIMEOUT_MS);
  if (!caughtUp) res.setHeader(READ_MODEL_LAG_HEADER, 'true');
  return caughtUp;
}
