import { Command } from 'commander';
import { explainCallFromLog } from '../../application/audit/explain-call.js';
import { loadConfig } from '../config/app-config.js';
import { openStores } from '../persistence/open-stores.js';
import { failing } from './verify.command.js';

async function explain(callId: string, options: { json?: boolean; campaign?: string }): Promise<boolean> {
  const stores = await openStores(loadConfig(), (m) => void process.stderr.write(`${m}\n`));
  try {
    const explained = await explainCallFromLog(stores.store, callId, options.campaign ?? null);
    if (explained === null) throw new Error(`call ${callId} not found in the log${options.campaign ? '' : ' (a call never dialed: pass --campaign <id>)'}`);
    process.stdout.write(options.json ? `${JSON.stringify(explained, null, 2)}\n` : `${explained.text.join('\n')}\n`);
    return true;
  } finally {
    await stores.close();
  }
}

export function explainCommand(): Command {
  return new Command('explain')
    .description('every attempt, wait and skip of a call: when, why then (window, slot, retry, recipient zones, rules) and what happened')
    .argument('<callId>')
    .option('--campaign <campaignId>', 'the campaign of a call never dialed (it has no stream yet)')
    .option('--json', 'as JSON (the same as GET /calls/:id/explain)')
    .action(failing(explain));
}
