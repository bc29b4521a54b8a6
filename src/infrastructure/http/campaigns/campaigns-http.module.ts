import { Module } from '@nestjs/common';
import { AddNumbersHandler } from '../../../application/campaigns/add-numbers/add-numbers.handler.js';
import { CancelCampaignHandler } from '../../../application/campaigns/cancel-campaign/cancel-campaign.handler.js';
import { CreateCampaignHandler } from '../../../application/campaigns/create-campaign/create-campaign.handler.js';
import { DeleteCampaignHandler } from '../../../application/campaigns/delete-campaign/delete-campaign.handler.js';
import { PauseCampaignHandler } from '../../../application/campaigns/pause-campaign/pause-campaign.handler.js';
import { RemoveNumberHandler } from '../../../application/campaigns/remove-number/remove-number.handler.js';
import { ResumeCampaignHandler } from '../../../application/campaigns/resume-campaign/resume-campaign.handler.js';
import { StartCampaignHandler } from '../../../application/campaigns/start-campaign/start-campaign.handler.js';
import { UpdateCampaignHandler } from '../../../application/campaigns/update-campaign/update-campaign.handler.js';
import { AuditController } from '../audit/audit.controller.js';
import { SimulationController } from '../audit/simulation.controller.js';
import { VerificationController } from '../audit/verification.controller.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { CampaignLifecycleController } from './campaign-lifecycle.controller.js';
import { CampaignNumbersController } from './campaign-numbers.controller.js';
import { CampaignReportsController } from './campaign-reports.controller.js';
import { CampaignResponder } from './campaign-responder.js';
import { CampaignsController } from './campaigns.controller.js';

/**
 * Campaign management over HTTP: commands to the campaign decider through the CommandBus, queries to
 * the read models through the QueryBus, and the audit trail. Needs CqrsModule, the global KNEX /
 * EVENT_STORE / APP_CONFIG and the read side's READ_MODEL_PROGRESS.
 */
@Module({
  imports: [IdempotencyModule],
  controllers: [
    CampaignsController,
    CampaignLifecycleController,
    CampaignNumbersController,
    CampaignReportsController,
    AuditController,
    VerificationController,
    SimulationController,
  ],
  providers: [
    CreateCampaignHandler,
    UpdateCampaignHandler,
    AddNumbersHandler,
    RemoveNumberHandler,
    StartCampaignHandler,
    PauseCampaignHandler,
    ResumeCampaignHandler,
    CancelCampaignHandler,
    DeleteCampaignHandler,
    CampaignResponder,
  ],
})
export class CampaignsHttpModule {}
