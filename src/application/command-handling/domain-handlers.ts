import type { CallCommand } from '../../domain/call/call.commands.js';
import { callDecider } from '../../domain/call/call.decider.js';
import { callStream } from '../../domain/call/call.events.js';
import type { CampaignCommand } from '../../domain/campaign/campaign.commands.js';
import { campaignDecider } from '../../domain/campaign/campaign.decider.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import type { NumberCommand } from '../../domain/number/number.commands.js';
import { numberDecider } from '../../domain/number/number.decider.js';
import { numberStream } from '../../domain/number/number.events.js';
import { commandHandler } from './command-handler.js';

// Commands typed here so each stream name (and with it the events the reader decodes) is inferred.
export const handleCampaignCommand = commandHandler(campaignDecider, (command: CampaignCommand) => campaignStream(command.campaignId));
// Calls and numbers are what each attempt writes: their states are remembered between commands.
// Most numbers have no stream before their first claim, and most calls get theirs from the dialer.
export const handleCallCommand = commandHandler(callDecider, (command: CallCommand) => callStream(command.callId), { assumeNew: false });
export const handleNumberCommand = commandHandler(numberDecider, (command: NumberCommand) => numberStream(command.phoneNumber), {
  assumeNew: true,
});
