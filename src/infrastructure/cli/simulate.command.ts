import { Command, InvalidArgumentError } from 'commander';
import { simulateCampaignFromLog } from '../../application/audit/simulate-campaign.js';
import type { SimulationOptions } from '../../domain/simulation/simulation-options.js';
import { loadConfig } from '../config/app-config.js';
import { openStores } from '../persistence/open-stores.js';
import { simulationText } from './simulation-text.js';
import { failing } from './verify.command.js';

type Flags = SimulationOptions & { json?: boolean };

const number = (value: string): number => {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new InvalidArgumentError('not a number');
  return parsed;
};

async function simulate(campaignId: string, flags: Flags): Promise<boolean> {
  const config = loadConfig();
  const stores = await openStores(config, (m) => void process.stderr.write(`${m}\n`));
  try {
    const { json, ...options } = flags;
    const report = await simulateCampaignFromLog(stores.store, campaignId, options, {
      recipientMarginMs: config.RECIPIENT_HOURS_MARGIN_MS,
      now: new Date().toISOString(),
    });
    if (report === null) throw new Error(`campaign ${campaignId} not found in the log`);
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${simulationText(report).join('\n')}\n`);
    return true;
  } finally {
    await stores.close();
  }
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description("replay a campaign's recorded outcomes on a virtual clock through the dialer's own decisions, under its recorded config or a changed one")
    .argument('<campaignId>')
    .option('--max-concurrent-calls <n>', 'the cap to simulate', number)
    .option('--max-retries <n>', 'retries after the first attempt', number)
    .option('--initial-delay-ms <n>', 'delay before the first retry', number)
    .option('--backoff-multiplier <x>', 'each further retry waits this many times longer', number)
    .option('--max-delay-ms <n>', 'cap on any retry delay', number)
    .option('--seed <n>', 'seed of the draws for attempts the log does not hold (default 12)', number)
    .option('--json', 'as JSON (the same as POST /campaigns/:id/simulations)')
    .action(failing(simulate));
}
