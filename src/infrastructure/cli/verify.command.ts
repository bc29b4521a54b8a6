import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { verifyBundle } from '../../application/audit/evidence-bundle.js';
import { verifyLog } from '../../application/audit/verify-log.js';
import { loadConfig } from '../config/app-config.js';
import { openStores } from '../persistence/open-stores.js';
import { verifyOptionsOf } from '../config/verify-options.js';
import { countEvents, statsFromReadModel } from './audit-stores.js';
import { progressBar } from './cli-progress.js';
import { verificationText } from './verification-text.js';

const print = (line: string): void => void process.stdout.write(`${line}\n`);
const note = (line: string): void => void process.stderr.write(`${line}\n`);

type Options = { json?: boolean; bundle?: string; decisionLagMs?: string; rateToleranceMs?: string };

/** Exit 0: every invariant holds; 1: violations (or a bundle whose hash does not match); 2: verify could not run. */
export const failing =
  <A extends unknown[]>(action: (...args: A) => Promise<boolean>) =>
  async (...args: A): Promise<void> => {
    try {
      if (!(await action(...args))) process.exitCode = 1;
    } catch (error) {
      note(`error: ${(error as Error).message}`);
      process.exitCode = 2;
    }
  };

async function verify(campaignIds: string[], options: Options): Promise<boolean> {
  if (options.bundle !== undefined) return verifyFile(options.bundle, options);
  const config = loadConfig();
  const stores = await openStores(config, note);
  try {
    const bar = progressBar('verify', await countEvents(config, stores));
    const report = await verifyLog(stores.store, {
      campaignIds,
      options: verifyOptionsOf(config, options),
      stats: statsFromReadModel(stores),
      onProgress: (events) => bar.update(events),
    }).finally(() => bar.stop());
    if (options.json) print(JSON.stringify(report, null, 2));
    else for (const line of verificationText(report)) print(line);
    return report.ok && report.unknownCampaigns.length === 0;
  } finally {
    await stores.close();
  }
}

async function verifyFile(path: string, options: Options): Promise<boolean> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const checked = await verifyBundle(lines);
  const hash = checked.hashMatches ? `sha256 ${checked.sha256} matches the content` : `sha256 DOES NOT MATCH the content (stated ${checked.sha256 ?? 'none'})`;
  if (options.json) print(JSON.stringify(checked, null, 2));
  else {
    print(`bundle of campaign ${checked.header.campaignId}, exported ${checked.header.exportedAt}, rule set ${checked.header.ruleSetVersion}: ${hash}`);
    for (const line of verificationText(checked.report)) print(line);
    print(checked.reportsAgree ? 'the report in the bundle agrees' : 'the report in the bundle DIFFERS from this verification');
  }
  return checked.hashMatches && checked.reportsAgree && checked.report.ok;
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description('prove invariants 1–5, 8–10 and 12 from the event log (exit 0), or name each violation with its events (exit 1)')
    .argument('[campaignIds...]', 'campaigns to report on (default: every campaign); the whole log is read either way')
    .option('--json', 'the report as JSON')
    .option('--bundle <file>', 're-verify an evidence bundle offline (dialstream export) and check its SHA-256')
    .option('--decision-lag-ms <ms>', 'how long before its recorded time a dial may have been decided (retry-first)', undefined)
    .option('--rate-tolerance-ms <ms>', 'how long after its calls-per-second token a dial request may be stamped (dial-rate; default 200)', undefined)
    .action(failing(verify));
}
