import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { campaignEtaFromLog, simulateCampaignFromLog } from '../../../application/audit/simulate-campaign.js';
import { EVENT_STORE, type EventStore } from '../../../application/ports/event-store.port.js';
import type { CampaignEta } from '../../../domain/simulation/campaign-eta.js';
import type { SimulationReport } from '../../../domain/simulation/simulation-report.js';
import { NotFoundError } from '../../../domain/shared/errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Response } from 'express';
import { ApiErrors } from '../shared/api-docs.decorators.js';
import { tooManyRequests } from '../too-many-requests.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { SimulationRequestDto } from './simulation.request.dto.js';
import { CampaignEtaResponseDto, SimulationResponseDto } from './simulation.response.dto.js';

/** An estimate that took this long or more is reused for 20 times what it took (a quick one is always fresh). */
const ETA_SLOW_MS = 250;
const ETA_REUSE_FACTOR = 20;
const ETA_CACHE_SIZE = 1_000;
/**
 * A simulation holds the event loop for its CPU time (seconds for 100,000 numbers): one at a time
 * per process, so a burst of what-ifs cannot stall the API (or, in one process, the dialer's leases).
 */
const MAX_SIMULATIONS = 1;
const SIMULATION_RETRY_MS = 2_000;

@ApiTags('audit')
@ApiSecurity('apiKey')
@Controller('campaigns/:id')
export class SimulationController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A large campaign's estimate takes seconds of CPU (100,000 numbers: about 8 s) and every open
   * console page asks for it: one is computed per campaign at a time, and a slow one is reused.
   */
  private readonly etas = new Map<string, { until: number; eta: Promise<CampaignEta | null> }>();
  private simulations = 0;

  private settings() {
    return { recipientMarginMs: this.config.RECIPIENT_HOURS_MARGIN_MS, now: new Date().toISOString() };
  }

  @Post('simulations')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What-if replay of a campaign under its recorded config or a changed one',
    description:
      "Replays the campaign's recorded outcome of each number and attempt, with the durations recorded, on a virtual clock through the " +
      "dialer's own decision code (campaign windows, recipient hours, retries first). Attempts the log does not hold are drawn, seeded, " +
      "from the number's own recorded outcomes, else the campaign's mix. Reads the event log only; nothing is stored. " +
      'Under the recorded config it reproduces the recorded attempts exactly. Any field left out stays as recorded. ' +
      'One simulation runs at a time per instance: another answers 429 with Retry-After.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: SimulationRequestDto, required: false, examples: { 'three retries': { value: { maxRetries: 3 } }, 'double the cap': { value: { maxConcurrentCalls: 20, seed: 12 } }, recorded: { value: {} } } })
  @ApiOkResponse({ type: SimulationResponseDto })
  @ApiErrors(404)
  async simulate(
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) response: Response,
    @Body() body: SimulationRequestDto = {},
  ): Promise<SimulationReport> {
    if (this.simulations >= MAX_SIMULATIONS) throw tooManyRequests(response, SIMULATION_RETRY_MS, 'a simulation is already running on this instance');
    this.simulations += 1;
    try {
      const report = await simulateCampaignFromLog(this.store, id, { ...body }, this.settings());
      if (report === null) throw new NotFoundError(`campaign ${id} not found`);
      return report;
    } finally {
      this.simulations -= 1;
    }
  }

  @Get('eta')
  @ApiOperation({
    summary: 'When the campaign should finish',
    description:
      'The simulator run from the campaign’s state now (numbers never attempted, dials in flight, waiting retries) over the outcomes ' +
      'recorded so far: campaign windows and recipient hours count. A finished campaign answers when it finished; a paused one has none. ' +
      'An estimate that took 250 ms or more to compute is reused for 20 times as long (`computedAt` says when it was made).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignEtaResponseDto })
  @ApiErrors(404)
  async eta(@Param('id', UuidParamPipe) id: string): Promise<CampaignEta> {
    const eta = await this.freshEta(id);
    if (eta === null) throw new NotFoundError(`campaign ${id} not found`);
    return eta;
  }

  private freshEta(id: string): Promise<CampaignEta | null> {
    const known = this.etas.get(id);
    if (known && Date.now() < known.until) return known.eta;
    // Only finished estimates are forgotten: one still running would otherwise be computed twice at once.
    if (this.etas.size >= ETA_CACHE_SIZE) for (const [key, entry] of this.etas) if (entry.until !== Number.POSITIVE_INFINITY) this.etas.delete(key);
    const started = Date.now();
    const eta = campaignEtaFromLog(this.store, id, this.settings());
    this.etas.set(id, { until: Number.POSITIVE_INFINITY, eta });
    eta.then(
      (value) => {
        const took = Date.now() - started;
        if (value === null || took < ETA_SLOW_MS) this.etas.delete(id);
        else this.etas.set(id, { until: Date.now() + ETA_REUSE_FACTOR * took, eta });
      },
      () => this.etas.delete(id),
    );
    return eta;
  }
}
