import { callDecider } from '../../domain/call/call.decider.js';
import { callStream } from '../../domain/call/call.events.js';
import { campaignDecider } from '../../domain/campaign/campaign.decider.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { numberDecider } from '../../domain/number/number.decider.js';
import { numberStream } from '../../domain/number/number.events.js';
import { commandHandler } from './command-handler.js';

export const handleCampaignCommand = commandHandler(campaignDecider, (command) => campaignStream(command.campaignId));
export const handleCallCommand = commandHandler(callDecider, (command) => callStream(command.callId));
export const handleNumberCommand = commandHandler(numberDecider, (command) => numberStream(command.phoneNumber));
