import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Command } from 'commander';
import { exportBundle } from '../../application/audit/evidence-bundle.js';
import { loadConfig } from '../config/app-config.js';
import { openStores } from '../persistence/open-stores.js';
import { verifyOptionsOf } from '../config/verify-options.js';
import { countEvents } from './audit-stores.js';
import { progressBar } from './cli-progress.js';
import { failing } from './verify.command.js';

const note = (line: string): void => void process.stderr.write(`${line}\n`);

async function exportCampaign(campaignId: string, options: { out: string }): Promise<boolean> {
  const config = loadConfig();
  const stores = await openStores(config, note);
  const file = createWriteStream(options.out, { encoding: 'utf8' });
  const write = async (line: string): Promise<void> => {
    if (!file.write(line)) await once(file, 'drain');
  };
  try {
    const bar = progressBar('export', await countEvents(config, stores));
    const summary = await exportBundle(stores.store, campaignId, write, {
      now: new Date(),
      verify: verifyOptionsOf(config),
      onProgress: (events) => bar.update(events),
    }).finally(() => bar.stop());
    if (summary === null) throw new Error(`campaign ${campaignId} not found`);
    process.stdout.write(
      `${options.out}: ${summary.events} events of campaign ${campaignId}, sha256 ${summary.sha256}; ` +
        `${summary.report.ok ? 'all invariants hold' : `${summary.report.violations.length} violation(s)`}\n`,
    );
    return summary.report.ok;
  } finally {
    file.end();
    await once(file, 'close');
    await stores.close();
  }
}

export function exportCommand(): Command {
  return new Command('export')
    .description("write a campaign's evidence bundle: its streams, the verification report, the rule-set version and a SHA-256 over the content")
    .argument('<campaignId>')
    .requiredOption('--out <file>', 'where to write the bundle (NDJSON)')
    .action(failing(exportCampaign));
}
