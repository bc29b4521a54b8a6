import { parseArgs } from 'node:util';
import { formatTable, writeResult } from './support/report.js';
import type { Params, Scenario } from './support/scenario.js';
import { importScenario } from './scenarios/import.bench.js';
import { storeScenario } from './scenarios/store.bench.js';
import { campaignScenario } from './scenarios/campaign.bench.js';
import { throughputScenario } from './scenarios/throughput.bench.js';
import { exportScenario } from './scenarios/export.bench.js';
import { liveScenario } from './scenarios/live.bench.js';
import { verifyScenario } from './scenarios/verify.bench.js';
import { simulateScenario } from './scenarios/simulate.bench.js';
import { simulateLogScenario } from './scenarios/simulate-log.bench.js';
import { cpsScenario } from './scenarios/cps.bench.js';
import { fairShareScenario } from './scenarios/fair-share.bench.js';
import { readsScenario } from './scenarios/reads.bench.js';
import { rebuildScenario } from './scenarios/rebuild.bench.js';
import { memoryScenario } from './scenarios/memory.bench.js';

const SCENARIOS: readonly Scenario[] = [importScenario, storeScenario, campaignScenario, throughputScenario, exportScenario, liveScenario, verifyScenario, simulateScenario, simulateLogScenario, cpsScenario, fairShareScenario, readsScenario, rebuildScenario, memoryScenario];

const USAGE = `usage: npm run bench -- [scenario ...] [--numbers N] [--list]
  scenarios: ${SCENARIOS.map((s) => s.name).join(', ')} (all by default)
  --numbers N  overrides the \`numbers\` parameter of the chosen scenarios
  parameters also come from BENCH_<SCENARIO>_<PARAM>, e.g. BENCH_CAMPAIGN_NUMBERS=100`;

const envName = (scenario: string, key: string) => `BENCH_${scenario}_${key.replace(/[A-Z]/g, (c) => `_${c}`)}`.toUpperCase();

const paramsFor = (scenario: Scenario, numbers: string | undefined): Params => {
  const params: Record<string, number | string> = { ...scenario.params };
  for (const key of Object.keys(params)) {
    const fromEnv = process.env[envName(scenario.name, key)];
    if (fromEnv !== undefined && fromEnv !== '') params[key] = fromEnv;
  }
  if (numbers !== undefined && 'numbers' in params) params.numbers = numbers;
  return params;
};

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { numbers: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || values.list) {
    console.log(USAGE);
    for (const s of SCENARIOS) console.log(`  ${s.name.padEnd(10)} ${s.summary} ${JSON.stringify(s.params)}`);
    return 0;
  }
  const unknown = positionals.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`unknown scenario: ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const chosen = positionals.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => positionals.includes(s.name));
  const failed: string[] = [];
  for (const scenario of chosen) {
    const params = paramsFor(scenario, values.numbers);
    console.log(`\n▶ ${scenario.name}: ${scenario.summary}\n  ${JSON.stringify(params)}`);
    const startedAt = new Date().toISOString();
    try {
      const result = await scenario.run(params);
      const file = await writeResult({ scenario: scenario.name, summary: scenario.summary, startedAt, finishedAt: new Date().toISOString(), params, result });
      console.log(`\n${formatTable(result.measurements)}\n\n  written to ${file}`);
    } catch (error) {
      failed.push(scenario.name);
      console.error(`✖ ${scenario.name} failed:`, error);
    }
  }
  if (failed.length > 0) console.error(`\nfailed: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
};

// Nest, pg pools and timers of a failed scenario may linger: leave with the scenario's verdict.
process.exit(await main());
