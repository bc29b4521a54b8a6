import type { Knex } from 'knex';
import { comparePositions, type Position } from '../application/ports/event-store.port.js';
import type { ReadModelProgress } from '../application/ports/read-model-progress.port.js';
import { liveCheckpoints, PROGRESS_CHANNEL } from './checkpoints/checkpoints.js';
import type { ChannelListener, ListenToChannel } from './projections.tokens.js';

type Waiter = { position: Position; done: (caughtUp: boolean) => void };

export type ProgressOptions = Readonly<{ pollIntervalMs?: number; defaultTimeoutMs?: number }>;

/**
 * Read-your-writes: a command handler calls `waitFor(appendResult.position)` before answering, so a
 * client that reads after a 2xx sees its write in every read model (no 404 right after a 201). The
 * wait is bounded; on timeout the write stands and only the read may lag.
 *
 * However many requests wait, one check at a time reads the live checkpoints: woken by the runners'
 * `pg_notify` (sent in their batch transaction, so only for committed progress) and by a short poll
 * while anyone waits, which covers a lost LISTEN connection.
 */
export class ProjectionProgress implements ReadModelProgress {
  private readonly waiters = new Set<Waiter>();
  private readonly listener: ChannelListener;
  private readonly pollIntervalMs: number;
  private readonly defaultTimeoutMs: number;
  private checking = false;
  private recheck = false;
  private poll: NodeJS.Timeout | undefined;
  /** Checkpoints only move forward (a swap goes live at or past the old one), so this stays true. */
  private reached: Position | null = null;

  constructor(
    private readonly knex: Knex,
    listen: ListenToChannel,
    private readonly projections: readonly string[],
    options: ProgressOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
    this.listener = listen(PROGRESS_CHANNEL, () => void this.check());
  }

  waitFor(position: Position, timeoutMs = this.defaultTimeoutMs): Promise<boolean> {
    if (this.reached && comparePositions(this.reached, position) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      const waiter: Waiter = {
        position,
        done: (caughtUp) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(caughtUp);
        },
      };
      this.waiters.add(waiter);
      void this.listener.ensureStarted().then(() => this.check());
    });
  }

  /** The lowest live checkpoint of the known projections; null while any of them has none. */
  async lowestCheckpoint(): Promise<Position | null> {
    const live = new Map((await liveCheckpoints(this.knex)).map((c) => [c.name, c.position]));
    let lowest: Position | null = null;
    for (const name of this.projections) {
      const position = live.get(name);
      if (!position) return null;
      if (!lowest || comparePositions(position, lowest) < 0) lowest = position;
    }
    return lowest;
  }

  async close(): Promise<void> {
    clearTimeout(this.poll);
    for (const waiter of [...this.waiters]) waiter.done(false);
    await this.listener.close();
  }

  private async check(): Promise<void> {
    if (this.checking) {
      this.recheck = true;
      return;
    }
    this.checking = true;
    clearTimeout(this.poll);
    try {
      do {
        this.recheck = false;
        if (this.waiters.size === 0) return;
        const lowest = await this.lowestCheckpoint().catch(() => null);
        if (!lowest) continue;
        this.reached = lowest;
        for (const waiter of [...this.waiters]) if (comparePositions(lowest, waiter.position) >= 0) waiter.done(true);
      } while (this.recheck);
    } finally {
      this.checking = false;
      if (this.waiters.size > 0) this.poll = setTimeout(() => void this.check(), this.pollIntervalMs);
    }
  }
}
