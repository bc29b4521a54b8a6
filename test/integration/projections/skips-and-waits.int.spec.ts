import { decodeEvent } from '../../../src/application/events/event-reader.js';
import type { CallEvent } from '../../../src/domain/call/call.events.js';
import { callsProjection } from '../../../src/projections/calls/calls.projection.js';
import { findCallView, listCampaignCallViews } from '../../../src/projections/calls/call.queries.js';
import { campaignStatsProjection } from '../../../src/projections/campaign-stats/campaign-stats.projection.js';
import { findCampaignView } from '../../../src/projections/campaigns/campaign.queries.js';
import { campaignsProjection } from '../../../src/projections/campaigns/campaigns.projection.js';
import { liveCheckpoint } from '../../../src/projections/checkpoints/checkpoints.js';
import { physicalTable } from '../../../src/projections/projection.js';
import { ensureLiveGeneration } from '../../../src/projections/projection-generation.js';
import { append, campaignScript, ScriptClock } from './support/history.js';
import { catchUp, openProjectionEnv, type ProjectionEnv, waitVisible } from './support/projection-env.js';

/** The campaign's New York window (Mon–Fri 09:00–17:30) is closed at 18:00 on Tuesday, open at 09:30 on Wednesday. */
const CLOSED = new Date('2026-11-24T23:00:00.000Z');
const OPEN = new Date('2026-11-25T14:30:00.000Z');
const RETRY_DUE = '2026-11-25T15:00:00.000Z';
const RECIPIENT_OPENS = '2026-11-25T14:00:00.000Z';

/** The dialer's payloads as the events-v2 contract writes them (appended raw: the read side reads them by shape). */
const dialer = (type: string, data: Record<string, unknown>) => ({ type, data }) as unknown as CallEvent;

describe('calls read model: skipped calls and waiting calls', () => {
  let env: ProjectionEnv;
  let script: ReturnType<typeof campaignScript>;

  beforeAll(async () => {
    env = await openProjectionEnv();
    await ensureLiveGeneration(env.store, env.knex, callsProjection);
    const clock = new ScriptClock();
    script = campaignScript(env.store, clock);
    await script.created();
    await script.numbersAdded(5);
    await script.started();
    const [skipped, retrying, deferred, dialing] = script.calls;
    const dialerStream = `dialer-${script.id}`;
    await skipped!.scheduled();
    await append(env.store, `call-${skipped!.callId}`, [{ type: 'CallSkipped', data: { attempt: 1, reason: 'dnc' } }], clock.next());
    await retrying!.scheduled();
    await retrying!.attempted(1);
    await retrying!.failed(1, 'busy', true);
    await retrying!.retryScheduled(2, RETRY_DUE);
    const deferral = { attempt: 1, recipient: null, waitingFor: 'recipient_hours', until: RECIPIENT_OPENS };
    await append(env.store, dialerStream, [dialer('DialDeferred', { callId: deferred!.callId, phoneNumber: '+1', ...deferral })], clock.next());
    const capped = { callId: dialing!.callId, attempt: 1, phoneNumber: '+1', waitingFor: 'frequency_cap', until: RECIPIENT_OPENS, recipient: null };
    await append(env.store, dialerStream, [dialer('DialDeferred', capped)], clock.next());
    await append(env.store, dialerStream, [dialer('DialStarted', { callId: dialing!.callId, attempt: 1, phoneNumber: '+1' })], clock.next());
    await dialing!.scheduled();
    await dialing!.attempted(1);
    await projectCalls(env);
    await catchUp(env, [campaignsProjection, campaignStatsProjection]);
  });
  afterAll(() => env.close());

  it('shows a skipped call with its reason, and lists it under status skipped', async () => {
    const call = await findCallView(env.knex, script.calls[0]!.callId);
    expect(call).toMatchObject({ status: 'skipped', skipReason: 'dnc', waitingFor: null, nextAttemptAt: null, attempts: [] });
    const listed = await listCampaignCallViews(env.knex, script.id, { status: 'skipped' });
    expect(listed.items.map((c) => c.id)).toEqual([script.calls[0]!.callId]);
  });

  it('shows what each waiting call waits for and until when; a started dial ends the wait', async () => {
    const [, retrying, deferred, dialing, untouched] = await Promise.all(script.calls.map((c) => findCallView(env.knex, c.callId)));
    expect(retrying).toMatchObject({ status: 'retry_scheduled', waitingFor: 'retry_delay', nextAttemptAt: RETRY_DUE, skipReason: null });
    expect(deferred).toMatchObject({ status: 'pending', waitingFor: 'recipient_hours', nextAttemptAt: RECIPIENT_OPENS });
    expect(dialing).toMatchObject({ status: 'in_progress', waitingFor: null, nextAttemptAt: null });
    expect(untouched).toMatchObject({ status: 'pending', waitingFor: null, nextAttemptAt: null });
  });

  it('counts skipped calls in the stats, the counts adding up to the total', async () => {
    const view = await findCampaignView(env.knex, script.id, CLOSED);
    expect(view!.stats).toEqual({ total: 5, pending: 3, inProgress: 1, completed: 0, failed: 0, cancelled: 0, skipped: 1, retriesAttempted: 0, attempts: 2 });
  });

  it("counts waiting calls by reason: unexplained ones as campaign_hours while the campaign's window is closed", async () => {
    const closed = await findCampaignView(env.knex, script.id, CLOSED);
    expect(closed!.waiting).toEqual({ campaign_hours: 1, recipient_hours: 1, frequency_cap: 0, global_cap: 0, rate_limit: 0, retry_delay: 1 });
    const open = await findCampaignView(env.knex, script.id, OPEN);
    // The recipient's hours opened at 14:00; the retry is due at 15:00.
    expect(open!.waiting).toEqual({ campaign_hours: 0, recipient_hours: 0, frequency_cap: 0, global_cap: 0, rate_limit: 0, retry_delay: 1 });
  });
});

/** Feeds the whole log to the calls projector in one batch, decoded as the runner decodes it. */
async function projectCalls(env: ProjectionEnv): Promise<void> {
  await waitVisible(env);
  const events = await env.store.readAll({ limit: 1_000 });
  const decoded = events.map(decodeEvent);
  const { generation } = (await liveCheckpoint(env.knex, callsProjection.name))!;
  await env.knex.transaction((trx) => callsProjection.apply(trx, decoded, (base) => physicalTable(base, generation)));
}
