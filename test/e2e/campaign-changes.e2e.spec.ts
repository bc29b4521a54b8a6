import { randomUUID } from 'node:crypto';
import { DEFAULT_RETRY_POLICY } from '../../src/domain/campaign/campaign-config.js';
import { useTestApp } from '../support/app.js';
import { closedSchedule, createCampaign, eventTypes, fictional } from './support/campaign-requests.js';

const app = useTestApp();

const fields = (body: { details?: Array<{ field: string }> }) => (body.details ?? []).map((d) => d.field);

describe('PATCH /campaigns/:id', () => {
  it('merges the patch into the config, answers the new view with its ETag, and records only what changed', async () => {
    const { id } = await createCampaign(app, { maxConcurrentCalls: 4 });
    const response = await app.api('PATCH', `/campaigns/${id}`, {
      body: { name: 'Renamed', retryPolicy: { maxRetries: 5 }, schedule: { timezone: 'Europe/London' } },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id,
      name: 'Renamed',
      maxConcurrentCalls: 4,
      retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 5 },
      schedule: { ...closedSchedule(), timezone: 'Europe/London', blackoutDates: [] },
      version: 1,
    });
    expect(response.headers.get('etag')).toBe('"1"');
    expect((await app.api('GET', `/campaigns/${id}`)).body).toEqual(response.body);
    const [, updated] = await app.store.readStream(`campaign-${id}`);
    expect(updated).toMatchObject({ type: 'CampaignUpdated' });
    expect(Object.keys(updated!.data).sort()).toEqual(['name', 'retryPolicy', 'schedule']);
  });

  it('applies with a current If-Match and answers 412 in the error shape for a stale one, appending nothing', async () => {
    const { id } = await createCampaign(app);
    const first = await app.api('PATCH', `/campaigns/${id}`, { body: { name: 'One' }, headers: { 'if-match': '"0"' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"1"');

    const stale = await app.api('PATCH', `/campaigns/${id}`, { body: { name: 'Two' }, headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ statusCode: 412, error: 'Precondition Failed' });
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated', 'CampaignUpdated']);
    expect((await app.api('GET', `/campaigns/${id}`)).body.name).toBe('One');
  });

  it('answers a patch that changes nothing with 200 and appends nothing', async () => {
    const { id, name } = await createCampaign(app);
    const response = await app.api('PATCH', `/campaigns/${id}`, { body: { name } });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"0"');
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated']);
  });

  it.each([
    ['an empty patch', {}, {}, 'body'],
    ['a status change', { status: 'completed' }, {}, 'status'],
    ['phone numbers (they have their own route)', { phoneNumbers: [fictional(1)] }, {}, 'phoneNumbers'],
    ['a bad time zone', { schedule: { timezone: 'Nowhere/Land' } }, {}, 'schedule.timezone'],
    ['a negative retry count', { retryPolicy: { maxRetries: -1 } }, {}, 'retryPolicy.maxRetries'],
    ['a malformed If-Match', { name: 'x' }, { 'if-match': 'yesterday' }, 'If-Match'],
  ])('rejects %s with 400 naming the field, appending nothing', async (_what, body, headers, field) => {
    const { id } = await createCampaign(app);
    const response = await app.api('PATCH', `/campaigns/${id}`, { body, headers });
    expect(response.status).toBe(400);
    expect(fields(response.body)).toContain(field);
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated']);
  });

  it('answers 404 for an unknown campaign and 409 for a cancelled one', async () => {
    expect((await app.api('PATCH', `/campaigns/${randomUUID()}`, { body: { name: 'x' } })).status).toBe(404);
    const { id } = await createCampaign(app);
    await app.api('POST', `/campaigns/${id}/cancel`);
    const response = await app.api('PATCH', `/campaigns/${id}`, { body: { name: 'x' } });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
  });
});

describe('DELETE /campaigns/:id', () => {
  it('answers 204; GET answers 404 at once, the list leaves it out, and its events stay for audit', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(5)] });
    const response = await app.api('DELETE', `/campaigns/${id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await app.api('GET', `/campaigns/${id}`)).status).toBe(404);
    const listed = await app.api('GET', '/campaigns?limit=500');
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    const trail = await app.api('GET', `/campaigns/${id}/events`);
    expect(trail.body.items.map((e: { type: string }) => e.type)).toEqual([
      'CampaignCreated',
      'CampaignNumbersAdded',
      'CampaignDeleted',
    ]);
  });

  it('refuses a campaign in progress with 409, appending nothing; cancelled first, it deletes', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(6)] });
    await app.api('POST', `/campaigns/${id}/start`);
    const refused = await app.api('DELETE', `/campaigns/${id}`);
    expect(refused.status).toBe(409);
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated', 'CampaignNumbersAdded', 'CampaignStarted']);
    await app.api('POST', `/campaigns/${id}/cancel`);
    expect((await app.api('DELETE', `/campaigns/${id}`)).status).toBe(204);
  });

  it('answers 412 for a stale If-Match and 404 for an unknown campaign', async () => {
    const { id } = await createCampaign(app);
    await app.api('PATCH', `/campaigns/${id}`, { body: { name: 'changed' } });
    const stale = await app.api('DELETE', `/campaigns/${id}`, { headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(412);
    expect((await app.api('GET', `/campaigns/${id}`)).status).toBe(200);
    expect((await app.api('DELETE', `/campaigns/${id}`, { headers: { 'if-match': '"1"' } })).status).toBe(204);
    expect((await app.api('DELETE', `/campaigns/${randomUUID()}`)).status).toBe(404);
  });
});
