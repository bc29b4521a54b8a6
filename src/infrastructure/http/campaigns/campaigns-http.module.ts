import { Module } from '@nestjs/common';
import { CAMPAIGN_COMMAND_HANDLERS } from '../../../application/campaigns/campaign-command.handlers.js';
import { CLOCK, systemClock } from '../../../application/ports/clock.port.js';
import { AuditController } from '../audit/audit.controller.js';
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
  ],
  providers: [...CAMPAIGN_COMMAND_HANDLERS, CampaignResponder, { provide: CLOCK, useValue: systemClock }],
})
export class CampaignsHttpModule {}
