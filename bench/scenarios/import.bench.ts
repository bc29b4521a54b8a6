import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { campaignStream } from '../../src/domain/campaign/campaign.events.js';
import { parseWithLibrary, partitionNumbers, partitionParsed } from '../../src/domain/phone/phone-number.js';
import { ordinaryNumbers } from '../support/phone-numbers.js';
import { param, type Measurement, type Scenario } from '../support/scenario.js';
import { ALWAYS_OPEN, startService, type BenchService } from '../support/service.js';
import { now, pollUntil, timed } from '../support/timing.js';

type Stats = { total: number };
type Added = { added: number; duplicates: number; invalid: unknown[] };

/** Request time, and time from sending the request until GET /stats shows every number. */
const importOnce = async (service: BenchService, numbers: readonly string[], format: 'json' | 'csv') => {
  const campaign = await service.expect<{ id: string }>(201, 'POST', '/campaigns', { name: `bench import ${format}`, schedule: ALWAYS_OPEN });
  const body = format === 'json' ? { phoneNumbers: numbers } : `phoneNumber\n${numbers.join('\n')}\n`;
  const start = now();
  // The request answers only once the read models have it (read-your-writes): watch the log beside it to split the time.
  const appended = pollUntil(
    'the numbers to be appended',
    async () => ((await service.db.knex('events').where({ stream: campaignStream(campaign.id), type: 'CampaignNumbersAdded' }).first('position')) ? now() - start : undefined),
    { timeoutMs: 120_000, everyMs: 5 },
  );
  const added = await service.expect<Added>(200, 'POST', `/campaigns/${campaign.id}/numbers`, body, format === 'csv' ? 'text/csv' : undefined);
  const requestMs = now() - start;
  const appendedMs = await appended;
  if (added.added !== numbers.length) throw new Error(`${format} import added ${added.added} of ${numbers.length}: ${JSON.stringify(added).slice(0, 300)}`);
  await pollUntil(
    'the stats to show every number',
    async () => ((await service.expect<Stats>(200, 'GET', `/campaigns/${campaign.id}/stats`)).total === numbers.length ? true : undefined),
    { timeoutMs: 120_000, everyMs: 10 },
  );
  return { campaignId: campaign.id, appendedMs, requestMs, visibleMs: now() - start };
};

/** What the database alone costs for the same rows: chunked multi-row inserts into a scratch table. */
const knexInsert = async (knex: Knex, numbers: readonly string[], chunk: number): Promise<number> => {
  await knex.raw('CREATE TABLE bench_numbers (call_id uuid PRIMARY KEY, campaign_id uuid NOT NULL, phone_number text NOT NULL)');
  const campaignId = randomUUID();
  const rows = numbers.map((phoneNumber) => ({ call_id: randomUUID(), campaign_id: campaignId, phone_number: phoneNumber }));
  const { ms } = await timed(() => knex.batchInsert('bench_numbers', rows, chunk));
  await knex.raw('DROP TABLE bench_numbers');
  return ms;
};

export const importScenario: Scenario = {
  name: 'import',
  summary: 'issue 3: 100,000 numbers in one request, until GET /campaigns/:id/stats shows them',
  params: { numbers: 100_000, insertChunk: 1_000, csv: 1 },
  run: async (params) => {
    const count = param(params, 'numbers');
    const numbers = ordinaryNumbers(count);
    const validation = await timed(() => partitionNumbers(new Set(), numbers));
    if (validation.result.accepted.length !== count) throw new Error('generated numbers did not all validate');
    // The same numbers through libphonenumber-js alone (no E.164 fast path): what imports cost before it.
    const libraryOnly = await timed(() => partitionParsed(new Set(), numbers, (raw) => parseWithLibrary(String(raw).trim()), (n) => n));
    if (libraryOnly.result.accepted.join() !== validation.result.accepted.join()) throw new Error('the fast path and the library disagree');
    const service = await startService();
    try {
      const insertMs = await knexInsert(service.db.knex, numbers, param(params, 'insertChunk'));
      const json = await importOnce(service, numbers, 'json');
      const csv = param(params, 'csv') ? await importOnce(service, numbers, 'csv') : null;
      const validationBaseline = { name: 'partitionNumbers alone', value: validation.ms };
      const insertBaseline = { name: `knex insert, chunks of ${param(params, 'insertChunk')}`, value: insertMs };
      const measurements: Measurement[] = [
        { name: 'JSON: appended to the event store', value: json.appendedMs, unit: 'ms', baseline: validationBaseline },
        { name: 'JSON: request (answers once projected)', value: json.requestMs, unit: 'ms', baseline: validationBaseline },
        { name: 'JSON: visible in stats', value: json.visibleMs, unit: 'ms', baseline: insertBaseline },
        { name: 'JSON: numbers/s to visible', value: (count / json.visibleMs) * 1000, unit: 'numbers/s' },
      ];
      if (csv) {
        measurements.push(
          { name: 'CSV: appended to the event store', value: csv.appendedMs, unit: 'ms', baseline: validationBaseline },
          { name: 'CSV: request (answers once projected)', value: csv.requestMs, unit: 'ms', baseline: validationBaseline },
          { name: 'CSV: visible in stats', value: csv.visibleMs, unit: 'ms', baseline: insertBaseline },
          { name: 'CSV: numbers/s to visible', value: (count / csv.visibleMs) * 1000, unit: 'numbers/s' },
        );
      }
      measurements.push(
        { name: 'partitionNumbers alone (E.164 fast path)', value: validation.ms, unit: 'ms', baseline: { name: 'libphonenumber-js alone (before)', value: libraryOnly.ms } },
        { name: 'baseline: libphonenumber-js alone (before)', value: libraryOnly.ms, unit: 'ms' },
        { name: 'baseline: knex insert into scratch table', value: insertMs, unit: 'ms' },
      );
      const events = await service.db.knex('events').select('type').count<{ type: string; n: string }[]>('* as n').groupBy('type');
      return { measurements, details: { numbers: count, json, csv, validationMs: validation.ms, libraryOnlyMs: libraryOnly.ms, knexInsertMs: insertMs, eventsByType: events } };
    } finally {
      await service.close();
    }
  },
};
