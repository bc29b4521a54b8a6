import { randomUUID } from 'node:crypto';
import { useTestApp } from '../support/app.js';
import { createCampaign, eventTypes, fictional } from './support/campaign-requests.js';

const app = useTestApp();

const withNumbers = (count = 2) => createCampaign(app, { phoneNumbers: Array.from({ length: count }, (_, i) => fictional(i)) });

describe('POST /campaigns/:id/{start,pause,resume,cancel}', () => {
  it('walks pending → in_progress → paused → in_progress → cancelled, each answer the fresh view with its ETag', async () => {
    const { id } = await withNumbers();
    const steps: Array<[string, string, number]> = [
      ['start', 'in_progress', 2],
      ['pause', 'paused', 3],
      ['resume', 'in_progress', 4],
      ['cancel', 'cancelled', 5],
    ];
    for (const [action, status, version] of steps) {
      const response = await app.api('POST', `/campaigns/${id}/${action}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id, status, version });
      expect(response.headers.get('etag')).toBe(`"${version}"`);
      expect((await app.api('GET', `/campaigns/${id}`)).body.status).toBe(status);
    }
    expect(await eventTypes(app, id)).toEqual([
      'CampaignCreated',
      'CampaignNumbersAdded',
      'CampaignStarted',
      'CampaignPaused',
      'CampaignResumed',
      'CampaignCancelled',
    ]);
  });

  it('shows when the calling window opens next while a started campaign waits for it', async () => {
    const { id } = await withNumbers(1);
    const started = await app.api('POST', `/campaigns/${id}/start`);
    expect(started.body.startedAt).toEqual(expect.any(String));
    expect(Date.parse(started.body.nextWindowOpensAt)).toBeGreaterThan(Date.now());
  });

  it('records the cancel reason', async () => {
    const { id } = await withNumbers(1);
    const response = await app.api('POST', `/campaigns/${id}/cancel`, { body: { reason: 'list withdrawn' } });
    expect(response.status).toBe(200);
    const events = await app.store.readStream(`campaign-${id}`);
    expect(events.at(-1)).toMatchObject({ type: 'CampaignCancelled', data: { reason: 'list withdrawn' } });
  });

  it('answers a repeated transition with 200 and appends nothing', async () => {
    const { id } = await withNumbers(1);
    await app.api('POST', `/campaigns/${id}/start`);
    const again = await app.api('POST', `/campaigns/${id}/start`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('in_progress');
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated', 'CampaignNumbersAdded', 'CampaignStarted']);
  });

  it.each([
    ['start a campaign without numbers', [], 'start'],
    ['resume a pending campaign', ['n'], 'resume'],
    ['pause a pending campaign', ['n'], 'pause'],
    ['start a cancelled campaign', ['n', 'cancel'], 'start'],
    ['resume a cancelled campaign', ['n', 'cancel'], 'resume'],
  ])('refuses to %s with 409, appending nothing', async (_what, setup, action) => {
    const { id } = setup.includes('n') ? await withNumbers(1) : await createCampaign(app);
    if (setup.includes('cancel')) await app.api('POST', `/campaigns/${id}/cancel`);
    const before = await eventTypes(app, id);
    const response = await app.api('POST', `/campaigns/${id}/${action}`);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: expect.any(String) });
    expect(await eventTypes(app, id)).toEqual(before);
  });

  it('answers 412 for a stale If-Match and applies a current one', async () => {
    const { id } = await withNumbers(1);
    const stale = await app.api('POST', `/campaigns/${id}/start`, { headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(412);
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated', 'CampaignNumbersAdded']);
    const current = await app.api('POST', `/campaigns/${id}/start`, { headers: { 'if-match': '"1"' } });
    expect(current.status).toBe(200);
  });

  it.each(['start', 'pause', 'resume', 'cancel'])('%s: 404 for an unknown campaign, 400 naming id for a malformed one', async (action) => {
    expect((await app.api('POST', `/campaigns/${randomUUID()}/${action}`)).status).toBe(404);
    const malformed = await app.api('POST', `/campaigns/123/${action}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toEqual([{ field: 'id', message: expect.any(String) }]);
  });

  it('rejects unknown fields in the cancel body with 400', async () => {
    const { id } = await withNumbers(1);
    const response = await app.api('POST', `/campaigns/${id}/cancel`, { body: { reason: 'x', force: true } });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'force', message: expect.any(String) }]);
  });
});

describe('GET /campaigns/:id/stats and /calls', () => {
  it('answers the stats of the numbers just added', async () => {
    const { id } = await withNumbers(3);
    const stats = await app.api('GET', `/campaigns/${id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      total: 3,
      pending: 3,
      inProgress: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
      skipped: 0,
      retriesAttempted: 0,
      attempts: 0,
    });
  });

  it('lists the calls in the order added, filtered by status and paged', async () => {
    const { id } = await withNumbers(3);
    const first = await app.api('GET', `/campaigns/${id}/calls?limit=2&status=pending`);
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({ campaignId: id, phoneNumber: fictional(0), status: 'pending', attempts: [], lastOutcome: null }),
      expect.objectContaining({ campaignId: id, phoneNumber: fictional(1), status: 'pending' }),
    ]);
    const second = await app.api('GET', `/campaigns/${id}/calls?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items.map((c: { phoneNumber: string }) => c.phoneNumber)).toEqual([fictional(2)]);
    expect(second.body.nextCursor).toBeNull();
    expect((await app.api('GET', `/campaigns/${id}/calls?status=completed`)).body.items).toEqual([]);
  });

  it('answers 404 for an unknown campaign and 400 for bad parameters', async () => {
    expect((await app.api('GET', `/campaigns/${randomUUID()}/stats`)).status).toBe(404);
    expect((await app.api('GET', `/campaigns/${randomUUID()}/calls`)).status).toBe(404);
    const { id } = await withNumbers(1);
    const badStatus = await app.api('GET', `/campaigns/${id}/calls?status=ringing`);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.details.map((d: { field: string }) => d.field)).toEqual(['status']);
    expect((await app.api('GET', '/campaigns/x/stats')).status).toBe(400);
  });
});
