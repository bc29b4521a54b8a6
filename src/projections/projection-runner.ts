import { Logger } from '@nestjs/common';
import type { Knex } from 'knex';
import type { EventStore, Subscription } from '../application/ports/event-store.port.js';
import { liveCheckpoint } from './checkpoints/checkpoints.js';
import { applyBatch, ensureLiveGeneration } from './projection-generation.js';
import type { Projection } from './projection.js';

/** A rebuild swapped generations: follow the new one from its checkpoint. Not a failure. */
class GenerationChanged extends Error {}

export type RunnerOptions = Readonly<{ maxBatchSize?: number; maxBackoffMs?: number }>;

/**
 * Keeps one projection's live generation up to date: catch-up then live, rows and checkpoint in one
 * transaction. Several processes may run the same projection: the checkpoint row lock serialises
 * them and the checkpoint filter makes re-delivery a no-op. After a failure it restarts from the
 * stored checkpoint with backoff, so a batch that failed half-way is applied again from scratch.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private readonly abort = new AbortController();
  private subscription: Subscription | null = null;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly knex: Knex,
    private readonly projection: Projection,
    private readonly options: RunnerOptions = {},
  ) {
    this.logger = new Logger(`projection:${projection.name}`);
  }

  /** Resolves once a live generation exists (built from the first event if needed) and following began. */
  async start(): Promise<void> {
    const built = await ensureLiveGeneration(this.store, this.knex, this.projection);
    if (built) this.logger.log(`built generation ${built.generation} from ${built.events} events`);
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.subscription?.stop();
    await this.done;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.follow();
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof GenerationChanged) continue;
        failures += 1;
        this.logger.warn(`stopped on error, restarting from checkpoint: ${(error as Error).message}`);
        await sleep(Math.min(100 * 2 ** failures, this.options.maxBackoffMs ?? 5_000), this.abort.signal);
        continue;
      }
      failures = 0;
    }
  }

  private async follow(): Promise<void> {
    const { name, version } = this.projection;
    const start = await liveCheckpoint(this.knex, name);
    if (!start || start.schemaVersion < version) {
      await ensureLiveGeneration(this.store, this.knex, this.projection);
      throw new GenerationChanged();
    }
    // Newer code rebuilt it: applying this process's older fold to its tables would corrupt them.
    if (start.schemaVersion > version) throw new Error(`live generation has schema ${start.schemaVersion}, this process knows ${version}`);
    const options = { subscriberId: `projection:${name}`, fromPosition: start.position ?? undefined, maxBatchSize: this.options.maxBatchSize ?? 1_000 };
    const subscription = this.store.subscribe(options, (batch) =>
      this.knex.transaction(async (trx) => {
        const live = await liveCheckpoint(trx, name, true);
        if (!live || live.generation !== start.generation) throw new GenerationChanged();
        await applyBatch(trx, this.projection, live, batch);
      }),
    );
    this.subscription = subscription;
    if (this.stopped) await subscription.stop();
    await subscription.closed;
  }
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
