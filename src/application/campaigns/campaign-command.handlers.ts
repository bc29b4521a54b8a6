import { AddNumbersHandler } from './add-numbers/add-numbers.handler.js';
import { CancelCampaignHandler } from './cancel-campaign/cancel-campaign.handler.js';
import { CreateCampaignHandler } from './create-campaign/create-campaign.handler.js';
import { DeleteCampaignHandler } from './delete-campaign/delete-campaign.handler.js';
import { PauseCampaignHandler } from './pause-campaign/pause-campaign.handler.js';
import { ResumeCampaignHandler } from './resume-campaign/resume-campaign.handler.js';
import { StartCampaignHandler } from './start-campaign/start-campaign.handler.js';
import { UpdateCampaignHandler } from './update-campaign/update-campaign.handler.js';

/** Registered as providers by the HTTP module; each goes through the generic command handler. */
export const CAMPAIGN_COMMAND_HANDLERS = [
  CreateCampaignHandler,
  UpdateCampaignHandler,
  AddNumbersHandler,
  StartCampaignHandler,
  PauseCampaignHandler,
  ResumeCampaignHandler,
  CancelCampaignHandler,
  DeleteCampaignHandler,
];
