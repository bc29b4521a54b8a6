import { randomUUID } from 'node:crypto';
import type { CampaignCall } from '../../../src/domain/campaign/campaign-call-list.js';
import { callsProjection } from '../../../src/projections/calls/calls.projection.js';
import { campaignStatsProjection } from '../../../src/projections/campaign-stats/campaign-stats.projection.js';
import { campaignsProjection } from '../../../src/projections/campaigns/campaigns.projection.js';
import { append, campaignScript, ScriptClock } from './support/history.js';
import { catchUp, openProjectionEnv, type ProjectionEnv } from './support/projection-env.js';

/** Measures, does not time-box: the figure goes into the report; the assertions are about the rows. */
describe('bulk numbers: 100,000 numbers in ten CampaignNumbersAdded events', () => {
  let env: ProjectionEnv;
  beforeAll(async () => {
    env = await openProjectionEnv();
  });
  afterAll(() => env.close());

  it('inserts every call in order, set-based', async () => {
    const clock = new ScriptClock();
    const campaign = campaignScript(env.store, clock);
    await campaign.created();
    await catchUp(env);
    const numbers = Array.from({ length: 100_000 }, (_, i) => ({ callId: randomUUID(), phoneNumber: `+1415${String(i).padStart(7, '0')}` }));
    for (let i = 0; i < 10; i++) {
      await append(env.store, campaign.stream, [{ type: 'CampaignNumbersAdded', data: { calls: numbers.slice(i * 10_000, (i + 1) * 10_000) } }], clock.next());
    }
    const timings: Record<string, number> = {};
    for (const projection of [callsProjection, campaignStatsProjection, campaignsProjection]) {
      const started = performance.now();
      await catchUp(env, [projection], 10);
      timings[projection.name] = performance.now() - started;
    }
    const calls = timings.calls!;
    console.log(
      `bulk numbers: calls read model ${Math.round(calls)} ms = ${Math.round(100_000 / (calls / 1000))} rows/s ` +
        `(stats ${Math.round(timings['campaign-stats']!)} ms, campaigns ${Math.round(timings.campaigns!)} ms, including reading the events)`,
    );
    const rows = await env.knex('calls').where({ campaign_id: campaign.id }).orderBy('position').select('id', 'position', 'status');
    expect(rows).toHaveLength(100_000);
    expect(rows.every((r, i) => r.position === i && r.id === numbers[i]!.callId && r.status === 'pending')).toBe(true);
    expect(await env.knex('campaign_stats').where({ campaign_id: campaign.id }).first()).toMatchObject({ total: 100_000, pending: 100_000 });
    expect(await env.knex('campaigns').where({ id: campaign.id }).first()).toMatchObject({ version: 10 });
  }, 120_000);

  it('keeps contact text byte for byte, and leaves a call already there as it was', async () => {
    const clock = new ScriptClock();
    const campaign = campaignScript(env.store, clock);
    await campaign.created();
    const awkward = { name: 'tab\there, line\nbreak, back\\slash \\N, "quoted", \r, ünïcode', variables: { note: '\\t is not a tab', empty: '' } };
    const first = { callId: randomUUID(), phoneNumber: '+14155550101', ...awkward };
    const second = { callId: randomUUID(), phoneNumber: '+14155550102' };
    await append(env.store, campaign.stream, [{ type: 'CampaignNumbersAdded', data: { calls: [first] } }], clock.next());
    // Never written by our deciders: the same call again, and a repeat within one event.
    await append(env.store, campaign.stream, [{ type: 'CampaignNumbersAdded', data: { calls: [{ ...first, name: 'other' }, second, second] as CampaignCall[] } }], clock.next());
    await catchUp(env, [callsProjection]);
    const rows = await env.knex('calls').where({ campaign_id: campaign.id }).orderBy('position').select('id', 'position', 'contact', 'phone_number');
    expect(rows).toEqual([
      { id: first.callId, position: 0, contact: awkward, phone_number: first.phoneNumber },
      { id: second.callId, position: 2, contact: null, phone_number: second.phoneNumber },
    ]);
  });
});
