import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { CampaignCommandResult } from '../../../application/campaigns/campaign-command.runner.js';
import { CLOCK, type Clock } from '../../../application/ports/clock.port.js';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '../../../application/ports/read-model-progress.port.js';
import { GetCampaignQuery } from '../../../application/queries/queries.js';
import type { CampaignView } from '../../../application/views.js';
import { etag } from './http-headers.js';

export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;
export const READ_MODEL_LAG_HEADER = 'X-Read-Model-Lag';

/**
 * Read-your-writes: a command answers only once every projection has passed the position its events
 * were appended at (bounded by READ_YOUR_WRITES_TIMEOUT_MS), so a GET right after a 201 never 404s.
 * On timeout the write is still durable and acknowledged (2xx), the response says so with
 * `X-Read-Model-Lag: true`, and the campaign in the body is folded from its events instead.
 */
@Injectable()
export class CampaignResponder {
  constructor(
    @Inject(QueryBus) private readonly queryBus: QueryBus,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async awaitReadModels(result: CampaignCommandResult, res: Response): Promise<boolean> {
    if (result.position === null) return true;
    const caughtUp = await this.progress.waitFor(result.position, READ_YOUR_WRITES_TIMEOUT_MS);
    if (!caughtUp) res.setHeader(READ_MODEL_LAG_HEADER, 'true');
    return caughtUp;
  }

  /** The campaign after the command, with its ETag set on `res`. */
  async campaignAfter(result: CampaignCommandResult, res: Response): Promise<CampaignView> {
    const caughtUp = await this.awaitReadModels(result, res);
    const view = await this.queryBus.execute(
      new GetCampaignQuery(result.campaignId, caughtUp ? undefined : this.clock.now()),
    );
    res.setHeader('ETag', etag(Math.max(view.version, result.version)));
    return view;
  }
}
