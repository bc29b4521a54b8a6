import { NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import { campaignAsOf } from '../../../src/projections/campaigns/campaign-as-of.js';
import { findCampaignView } from '../../../src/projections/campaigns/campaign.queries.js';
import { campaignScript, ScriptClock } from './support/history.js';
import { catchUp, openProjectionEnv, type ProjectionEnv } from './support/projection-env.js';

const instant = (iso: string) => new Date(iso);

describe('time travel: GetCampaignQuery with asOf', () => {
  let env: ProjectionEnv;
  const clock = new ScriptClock('2026-11-24T14:00:00.000Z');
  let campaign: ReturnType<typeof campaignScript>;
  const at: Record<string, string> = {};

  beforeAll(async () => {
    env = await openProjectionEnv();
    campaign = campaignScript(env.store, clock);
    await campaign.created({ name: 'before' });
    at.created = clock.peek();
    await campaign.numbersAdded(4);
    await campaign.started();
    const [a, b] = campaign.calls;
    await a!.scheduled();
    await a!.attempted(1);
    await a!.completed(1);
    await b!.scheduled();
    await b!.attempted(1);
    await b!.failed(1, 'busy', true);
    await b!.retryScheduled(2, '2026-11-24T15:00:00.000Z');
    at.beforePause = clock.next(30_000);
    await campaign.paused();
    at.paused = clock.peek();
    await campaign.updated({ name: 'after' });
    at.afterPause = clock.next(30_000);
    await campaign.resumed();
    await b!.attempted(2);
    await b!.completed(2);
    await campaign.numbersAdded(2);
    await campaign.completed(6, 0);
    at.completed = clock.peek();
    await campaign.deleted();
    at.deleted = clock.peek();
    await catchUp(env);
  });
  afterAll(() => env.close());

  const asOf = (iso: string) => campaignAsOf({ store: env.store, db: env.knex }, campaign.id, instant(iso));

  it('shows the running campaign before the pause', async () => {
    const view = await asOf(at.beforePause!);
    expect(view).toMatchObject({ name: 'before', status: 'in_progress', version: 2, endedAt: null });
    expect(view.stats).toEqual({ total: 4, pending: 3, inProgress: 0, completed: 1, failed: 0, cancelled: 0, skipped: 0, retriesAttempted: 0, attempts: 2 });
  });

  it('shows the paused campaign after the pause, with the changes made then', async () => {
    const paused = await asOf(at.paused!);
    expect(paused).toMatchObject({ name: 'before', status: 'paused', version: 3, updatedAt: at.paused, nextWindowOpensAt: null });
    const after = await asOf(at.afterPause!);
    expect(after).toMatchObject({ name: 'after', status: 'paused', version: 4 });
    expect(after.stats).toEqual(paused.stats);
  });

  it('counts later attempts and numbers only after they happened', async () => {
    const view = await asOf(at.completed!);
    expect(view.status).toBe('completed');
    expect(view.stats).toEqual({ total: 6, pending: 4, inProgress: 0, completed: 2, failed: 0, cancelled: 0, skipped: 0, retriesAttempted: 1, attempts: 3 });
  });

  it('is a validation error before the campaign existed, and not found after its deletion or for an unknown id', async () => {
    await expect(asOf('2026-11-24T13:00:00.000Z')).rejects.toBeInstanceOf(ValidationError);
    await expect(asOf('2026-11-24T13:00:00.000Z')).rejects.toMatchObject({ details: [{ field: 'asOf' }] });
    expect((await asOf(at.created!)).name).toBe('before');
    await expect(asOf(at.deleted!)).rejects.toBeInstanceOf(NotFoundError);
    await expect(campaignAsOf({ store: env.store, db: env.knex }, 'nope', new Date())).rejects.toBeInstanceOf(NotFoundError);
    expect(await findCampaignView(env.knex, campaign.id, new Date())).toBeNull();
  });
});
