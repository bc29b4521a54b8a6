import type { Knex } from 'knex';
import { type EventStore, formatPosition, type Position } from '../application/ports/event-store.port.js';
import { type Checkpoint, liveCheckpoints } from './checkpoints/checkpoints.js';

export type ProjectionLagReport = Readonly<{
  name: string;
  /** False: no live generation, queries of this read model fail. */
  live: boolean;
  generation: number | null;
  checkpoint: string | null;
  /** Counted up to the cap; `eventsBehindCapped` says the real number is larger. */
  eventsBehind: number;
  eventsBehindCapped: boolean;
  /** Store time of the newest event seen minus that of the last event applied. */
  secondsBehind: number;
}>;

export type LagOptions = Readonly<{ cap?: number; cacheMs?: number }>;

/** Events per read while counting: a page of bulk-number events is large. */
const SWEEP_PAGE = 500;

type Sweep = { events: number; capped: boolean; firstAt: Date | null; lastAt: Date | null };

/**
 * How far each live projection is behind the log. Cheap when caught up (one empty read per distinct
 * checkpoint); when behind it reads at most `cap` events per distinct checkpoint. Results are cached
 * briefly: /metrics and /health/ready ask often.
 */
export class ProjectionLag {
  readonly cap: number;
  private readonly cacheMs: number;
  private cached: { at: number; reports: Promise<ProjectionLagReport[]> } | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly knex: Knex,
    private readonly projections: readonly string[],
    options: LagOptions = {},
  ) {
    this.cap = options.cap ?? 10_000;
    this.cacheMs = options.cacheMs ?? 2_000;
  }

  measure(): Promise<ProjectionLagReport[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.cacheMs) return this.cached.reports;
    const reports = this.compute();
    this.cached = { at: now, reports };
    reports.catch(() => (this.cached = null));
    return reports;
  }

  private async compute(): Promise<ProjectionLagReport[]> {
    const live = new Map((await liveCheckpoints(this.knex)).map((c) => [c.name, c]));
    const sweeps = new Map<string, Promise<Sweep>>();
    const sweepFrom = (position: Position | null): Promise<Sweep> => {
      const key = position ? formatPosition(position) : 'start';
      return sweeps.get(key) ?? sweeps.set(key, this.sweep(position)).get(key)!;
    };
    return Promise.all(
      this.projections.map(async (name) => {
        const checkpoint = live.get(name);
        if (!checkpoint) return { name, live: false, generation: null, checkpoint: null, eventsBehind: 0, eventsBehindCapped: false, secondsBehind: 0 };
        return this.report(checkpoint, await sweepFrom(checkpoint.position));
      }),
    );
  }

  private report(checkpoint: Checkpoint, sweep: Sweep): ProjectionLagReport {
    const since = checkpoint.lastRecordedAt ?? sweep.firstAt;
    const seconds = sweep.events > 0 && since && sweep.lastAt ? Math.max(0, (sweep.lastAt.getTime() - since.getTime()) / 1000) : 0;
    return {
      name: checkpoint.name,
      live: true,
      generation: checkpoint.generation,
      checkpoint: checkpoint.position ? formatPosition(checkpoint.position) : null,
      eventsBehind: sweep.events,
      eventsBehindCapped: sweep.capped,
      secondsBehind: seconds,
    };
  }

  private async sweep(from: Position | null): Promise<Sweep> {
    const result: Sweep = { events: 0, capped: false, firstAt: null, lastAt: null };
    let position = from;
    while (result.events <= this.cap) {
      const limit = Math.min(SWEEP_PAGE, this.cap + 1 - result.events);
      const batch = await this.store.readAll(position ? { fromPosition: position, limit } : { limit });
      const last = batch.at(-1);
      if (!last) break;
      result.firstAt ??= batch[0]!.recordedAt;
      result.lastAt = last.recordedAt;
      result.events += batch.length;
      position = last.position;
    }
    if (result.events > this.cap) Object.assign(result, { events: this.cap, capped: true });
    return result;
  }
}

/** For humans and JSON: `10000+` when capped. */
export const formatEventsBehind = (r: ProjectionLagReport): string | number => (r.eventsBehindCapped ? `${r.eventsBehind}+` : r.eventsBehind);
