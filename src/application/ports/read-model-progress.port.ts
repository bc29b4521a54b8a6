import type { Position } from './event-store.port.js';

/**
 * Read-your-writes: a command's caller waits until every live projection has passed the position
 * its events were appended at, so the next query sees them.
 */
export interface ReadModelProgress {
  /** Resolves true once caught up, false when `timeoutMs` passed first. */
  waitFor(position: Position, timeoutMs?: number): Promise<boolean>;
}

export const READ_MODEL_PROGRESS = Symbol('ReadModelProgress');
