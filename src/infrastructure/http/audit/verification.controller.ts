import { Controller, Get, Inject, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { explainCallFromLog, type ExplainedCall } from '../../../application/audit/explain-call.js';
import { verifyLog, type StatsSource, type VerificationReport } from '../../../application/audit/verify-log.js';
import { EVENT_STORE, type EventStore } from '../../../application/ports/event-store.port.js';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '../../../application/ports/read-model-progress.port.js';
import { GetCallQuery, GetCampaignStatsQuery } from '../../../application/queries/queries.js';
import type { CallView, CampaignStats } from '../../../application/views.js';
import { NotFoundError } from '../../../domain/shared/errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { verifyOptionsOf } from '../../config/verify-options.js';
import { ApiErrors } from '../shared/api-docs.decorators.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { CallExplanationResponseDto, VerificationResponseDto } from './verification.response.dto.js';

const STATS_WAIT_MS = 2_000;

const orNull = <T>(promise: Promise<T>): Promise<T | null> =>
  promise.catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });

@ApiTags('audit')
@ApiSecurity('apiKey')
@Controller()
export class VerificationController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(QueryBus) private readonly queryBus: QueryBus,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('campaigns/:id/verification')
  @ApiOperation({
    summary: 'Invariants proved from the log',
    description:
      'Reads the whole event log up to its head and checks invariants 1–4, 8–10 and 12 of this campaign from the events alone, ' +
      'and its stats read model against a recount (5). `ok` when all hold; otherwise each violation names the events that show it. ' +
      'Takes as long as reading the log (see the README for events/s).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: VerificationResponseDto })
  @ApiErrors(404)
  async verification(@Param('id', UuidParamPipe) id: string): Promise<VerificationReport> {
    const stats: StatsSource = {
      statsOf: (campaignId) => orNull(this.queryBus.execute<GetCampaignStatsQuery, CampaignStats>(new GetCampaignStatsQuery(campaignId))),
      caughtUp: (position) => this.progress.waitFor(position, STATS_WAIT_MS),
    };
    const report = await verifyLog(this.store, { campaignIds: [id], options: verifyOptionsOf(this.config), stats });
    if (report.unknownCampaigns.length > 0) throw new NotFoundError(`campaign ${id} not found`);
    return report;
  }

  @Get('calls/:id/explain')
  @ApiOperation({
    summary: 'Every decision about a call, with its inputs',
    description:
      'For every attempt, wait and skip: when, why then (campaign window, slot and cap, retry due time, recipient zones with their ' +
      'source and local time, rules applied with citations, rule set version) and what happened — as JSON and in words. ' +
      'Decisions recorded before their inputs were say what the log still shows.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CallExplanationResponseDto })
  @ApiErrors(404)
  async explain(@Param('id', UuidParamPipe) id: string): Promise<ExplainedCall> {
    let explained = await explainCallFromLog(this.store, id);
    if (explained === null) {
      // A campaign call not dialed yet has no stream: the read model knows its campaign.
      const view = await orNull(this.queryBus.execute<GetCallQuery, CallView>(new GetCallQuery(id)));
      if (view?.campaignId) explained = await explainCallFromLog(this.store, id, view.campaignId);
    }
    if (explained === null) throw new NotFoundError(`call ${id} not found`);
    return explained;
  }
}
