import { callDecider } from '../../domain/call/call.decider.js';
import { callStream } from '../../domain/call/call.events.js';
import { campaignDecider } from '../../domain/campaign/campaign.decider.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { commandHandler } from './command-handler.js';

export const handleCampaignCommand = commandHandler(campaignDecider, (command) => campaignStream(command.campaignId));
export const handleCallCommand = commandHandler(callDecider, (command) => callStream(command.callId));
