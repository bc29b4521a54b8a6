import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { CampaignCommandResult } from '../../../application/campaigns/campaign-command.handler.js';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '../../../application/ports/read-model-progress.port.js';
import { GetCampaignQuery } from '../../../application/queries/queries.js';
import type { CampaignView } from '../../../application/views.js';
import { awaitReadModels } from '../shared/read-your-writes.js';
import { etag } from './http-headers.js';

/** Answers a campaign command once the read models show it (see `awaitReadModels`). */
@Injectable()
export class CampaignResponder {
  constructor(
    @Inject(QueryBus) private readonly queryBus: QueryBus,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
  ) {}

  awaitReadModels(result: CampaignCommandResult, res: Response): Promise<boolean> {
    return awaitReadModels(this.progress, result.position, res);
  }

  /**
   * The campaign after the command, with its ETag set on `res`. When the read models lag, its config and
   * status come from its own stream instead, so the body still shows the write (stats as last projected).
   */
  async campaignAfter(result: CampaignCommandResult, res: Response): Promise<CampaignView> {
    const caughtUp = await this.awaitReadModels(result, res);
    const view = await this.queryBus.execute(new GetCampaignQuery(result.campaignId, undefined, !caughtUp));
    res.setHeader('ETag', etag(Math.max(view.version, result.version)));
    return view;
  }
}
