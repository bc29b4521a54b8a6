import { ServiceUnavailableException } from '@nestjs/common';
import type { EventStore } from '../../../src/application/ports/event-store.port.js';
import { GetCampaignQuery } from '../../../src/application/queries/queries.js';
import { GetCampaignHandler, MAX_TIME_TRAVEL_FOLDS } from '../../../src/projections/campaigns/get-campaign.handler.js';
import { campaignScript, ScriptClock } from './support/history.js';
import { catchUp, openProjectionEnv, type ProjectionEnv } from './support/projection-env.js';

/** The real store, with each stream read recorded and call-stream reads held until `release()`. */
function watchedStore(store: EventStore) {
  const reads: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holdCalls = false;
  const watched: EventStore = Object.create(store, {
    readStream: {
      value: async (stream: string, options?: Parameters<EventStore['readStream']>[1]) => {
        reads.push(stream);
        if (holdCalls && stream.startsWith('call-')) await released;
        return store.readStream(stream, options);
      },
    },
  });
  return { store: watched, reads, release, hold: () => (holdCalls = true) };
}

describe('campaign folds are bounded (issue 8: bounded work)', () => {
  let env: ProjectionEnv;
  const clock = new ScriptClock('2026-11-24T14:00:00.000Z');
  let campaign: ReturnType<typeof campaignScript>;
  const now = { now: () => new Date(clock.peek()) };

  beforeAll(async () => {
    env = await openProjectionEnv();
    campaign = campaignScript(env.store, clock);
    await campaign.created({ name: 'folds' });
    await campaign.numbersAdded(3);
    await campaign.started();
    for (const call of campaign.calls) {
      await call.scheduled();
      await call.attempted(1);
      await call.completed(1);
    }
    await catchUp(env);
  });
  afterAll(() => env.close());

  it('answers a command from the campaign stream alone while read models lag, never one read per call', async () => {
    const watched = watchedStore(env.store);
    const handler = new GetCampaignHandler(env.knex, watched.store, now);
    const view = await handler.execute(new GetCampaignQuery(campaign.id, undefined, true));
    expect(view).toMatchObject({ id: campaign.id, name: 'folds', status: 'in_progress' });
    expect(view.stats.completed).toBe(3);
    expect(watched.reads).toEqual([`campaign-${campaign.id}`]);
  });

  it(`runs at most ${MAX_TIME_TRAVEL_FOLDS} time-travel folds at once and turns the next away with 503`, async () => {
    const watched = watchedStore(env.store);
    watched.hold();
    const handler = new GetCampaignHandler(env.knex, watched.store, now);
    const asOf = new Date(clock.peek());
    const running = Array.from({ length: MAX_TIME_TRAVEL_FOLDS }, () => handler.execute(new GetCampaignQuery(campaign.id, asOf)));
    while (watched.reads.filter((s) => s.startsWith('call-')).length < MAX_TIME_TRAVEL_FOLDS) await new Promise((r) => setTimeout(r, 5));
    await expect(handler.execute(new GetCampaignQuery(campaign.id, asOf))).rejects.toBeInstanceOf(ServiceUnavailableException);
    watched.release();
    for (const view of await Promise.all(running)) expect(view.stats.completed).toBe(3);
    expect((await handler.execute(new GetCampaignQuery(campaign.id, asOf))).stats.attempts).toBe(3);
  });
});
