import { findCallView } from '../../../src/projections/calls/call.queries.js';
import { findCampaignView } from '../../../src/projections/campaigns/campaign.queries.js';
import { append, at, forgedCampaign } from '../../support/forged-log.js';
import { catchUp, openProjectionEnv, type ProjectionEnv } from './support/projection-env.js';

let env: ProjectionEnv;
beforeAll(async () => {
  env = await openProjectionEnv();
});
afterAll(async () => {
  await env.close();
});

describe('a wait for the global cap in the read models', () => {
  it('shows on the call given back (no instant known) and, while the campaign waits, on its calls not dialed yet', async () => {
    const c = await (await forgedCampaign(env.store, { numbers: ['+12125550170', '+12125550171', '+12125550172'], complianceRules: 'none' })).create();
    const { callId, phoneNumber } = c.calls[0]!;
    await append(env.store, `dialer-${c.id}`, 'DialStarted', { callId, attempt: 1, phoneNumber }, at(0));
    await append(env.store, `dialer-${c.id}`, 'DialEnded', { callId, attempt: 1, outcome: 'deferred', retryDueAt: at(0), terminal: false, waitingFor: 'global_cap' }, at(10));
    await append(env.store, 'pacing-global', 'GlobalDemandChanged', { campaignId: c.id, waiting: true, weight: 1 }, at(20));
    await catchUp(env);

    const now = new Date(Date.parse(at(60_000)));
    expect(await findCallView(env.knex, callId)).toMatchObject({ waitingFor: 'global_cap', nextAttemptAt: null });
    expect((await findCampaignView(env.knex, c.id, now))?.waiting).toMatchObject({ global_cap: 3, campaign_hours: 0 });

    await append(env.store, 'pacing-global', 'GlobalDemandChanged', { campaignId: c.id, waiting: false, weight: 1 }, at(30));
    await catchUp(env);
    // Only the call given back still says so until it is dialed.
    expect((await findCampaignView(env.knex, c.id, now))?.waiting).toMatchObject({ global_cap: 1 });
  });
});
