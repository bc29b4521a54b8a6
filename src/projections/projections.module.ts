import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type Provider,
} from '@nestjs/common';
import type { Knex } from 'knex';
import { CLOCK, systemClock } from '../application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../application/ports/event-store.port.js';
import { READ_MODEL_PROGRESS } from '../application/ports/read-model-progress.port.js';
import { GetStreamEventsHandler } from './audit/get-stream-events.handler.js';
import { GetCallHandler } from './calls/get-call.handler.js';
import { ListCampaignCallsHandler } from './calls/list-campaign-calls.handler.js';
import { ExportCampaignCallsHandler } from './calls/export-campaign-calls.handler.js';
import { GetCampaignStatsHandler } from './campaign-stats/get-campaign-stats.handler.js';
import { GetCampaignHandler } from './campaigns/get-campaign.handler.js';
import { ListCampaignsHandler } from './campaigns/list-campaigns.handler.js';
import { GetDoNotCallEntryHandler } from './do-not-call/get-do-not-call-entry.handler.js';
import { ListDoNotCallHandler } from './do-not-call/list-do-not-call.handler.js';
import type { Projection } from './projection.js';
import { ProjectionLag } from './projection-lag.js';
import { registerLagGauges } from './projection-metrics.js';
import { registerCampaignGauges } from './campaign-stats/campaign-metrics.js';
import { registerOutcomeCounter } from './calls/call-outcome-metrics.js';
import { registerQuarantineGauge } from './quarantine/quarantine-metrics.js';
import { ProjectionProgress } from './projection-progress.js';
import { ensureLiveGenerations } from './projection-generation.js';
import { ProjectionRunner } from './projection-runner.js';
import { ALL_PROJECTIONS } from './projections.js';
import { PROJECTIONS_READINESS_CHECK, projectionsReadinessCheck } from './projections-readiness.js';
import {
  LISTEN_TO_CHANNEL,
  type ListenToChannel,
  METRICS_REGISTRY,
  type MetricsRegistry,
  PROJECTIONS,
  READ_MODELS_DB,
} from './projections.tokens.js';

const QUERY_HANDLERS = [
  ListCampaignsHandler,
  GetCampaignHandler,
  GetCampaignStatsHandler,
  ListCampaignCallsHandler,
  ExportCampaignCallsHandler,
  GetCallHandler,
  GetStreamEventsHandler,
  ListDoNotCallHandler,
  GetDoNotCallEntryHandler,
];

/** Closes what the read side opened, before the persistence module closes the pool. */
@Injectable()
class ReadSideLifecycle implements OnModuleDestroy {
  private readonly unregister: Array<() => void>;

  constructor(
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ProjectionProgress,
    lag: ProjectionLag,
    @Inject(METRICS_REGISTRY) metrics: MetricsRegistry,
    @Inject(READ_MODELS_DB) knex: Knex,
  ) {
    const names = ALL_PROJECTIONS.map((p) => p.name);
    this.unregister = [
      registerLagGauges(metrics, lag),
      registerQuarantineGauge(metrics, knex, names),
      registerCampaignGauges(metrics, knex),
      registerOutcomeCounter(metrics, knex),
    ];
  }

  async onModuleDestroy(): Promise<void> {
    for (const unregister of this.unregister) unregister();
    await this.progress.close();
  }
}

/** One runner per projection, started on bootstrap (building a first generation if needed). */
@Injectable()
class ProjectionRunners implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runners: ProjectionRunner[];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS_DB) private readonly knex: Knex,
    @Inject(PROJECTIONS) private readonly projections: readonly Projection[],
  ) {
    this.runners = projections.map((p) => new ProjectionRunner(store, knex, p));
  }

  async onApplicationBootstrap(): Promise<void> {
    // Whatever needs a first build (or a rebuild for a new schema) is built from one read of the log.
    await ensureLiveGenerations(this.store, this.knex, this.projections);
    for (const runner of this.runners) await runner.start();
    new Logger('projections').log(`following ${this.runners.length} projections`);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }
}

export type ProjectionsModuleOptions = Readonly<{ runProjectors: boolean }>;

/**
 * The read side: query handlers, read-your-writes (READ_MODEL_PROGRESS), lag gauges and the
 * readiness check; with `runProjectors` also the projection runners (role `all` / `worker`).
 * Needs the global READ_MODELS_DB, LISTEN_TO_CHANNEL, METRICS_REGISTRY and EVENT_STORE providers
 * (bound by the infrastructure's persistence and metrics modules) and a CqrsModule.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    const names = ALL_PROJECTIONS.map((p) => p.name);
    const providers: Provider[] = [
      { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
      { provide: CLOCK, useValue: systemClock },
      ...QUERY_HANDLERS,
      {
        provide: READ_MODEL_PROGRESS,
        inject: [READ_MODELS_DB, LISTEN_TO_CHANNEL],
        useFactory: (knex: Knex, listen: ListenToChannel) => new ProjectionProgress(knex, listen, names),
      },
      {
        provide: ProjectionLag,
        inject: [EVENT_STORE, READ_MODELS_DB],
        useFactory: (store: EventStore, knex: Knex) => new ProjectionLag(store, knex, names),
      },
      { provide: PROJECTIONS_READINESS_CHECK, inject: [ProjectionLag, READ_MODELS_DB], useFactory: projectionsReadinessCheck },
      ReadSideLifecycle,
      ...(options.runProjectors ? [ProjectionRunners] : []),
    ];
    return {
      module: ProjectionsModule,
      global: true,
      providers,
      exports: [READ_MODEL_PROGRESS, PROJECTIONS_READINESS_CHECK, ProjectionLag],
    };
  }
}
