import { randomUUID } from 'node:crypto';
import { useTestApp } from '../support/app.js';
import { createBody, createCampaign, eventTypes, fictional } from './support/campaign-requests.js';

const app = useTestApp();

const keyed = (key: string) => ({ 'idempotency-key': key });
const create = (key: string, body: unknown) => app.api('POST', '/campaigns', { body, headers: keyed(key) });
const addNumbers = (id: string, key: string, body: unknown, contentType?: string) =>
  app.api('POST', `/campaigns/${id}/numbers`, { body, headers: keyed(key), ...(contentType ? { contentType } : {}) });
/** What a crash between the append and storing the response leaves behind: events, no stored response. */
const forgetKey = (key: string) => app.db.knex('idempotency_keys').where({ key }).delete();

describe('Idempotency-Key on POST /campaigns', () => {
  it('replays the first response (status, body, ETag, Location) to a retry and appends nothing', async () => {
    const key = randomUUID();
    const body = createBody({ phoneNumbers: [fictional(1), fictional(2)] });
    const first = await create(key, body);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const events = await app.eventCount();

    const retry = await create(key, body);
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await app.eventCount()).toBe(events);
  });

  it('treats the same JSON with its keys in another order as the same request', async () => {
    const key = randomUUID();
    const { name, schedule } = createBody();
    const first = await create(key, { name, schedule });
    const retry = await create(key, { schedule, name });
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
  });

  it('answers 422 naming the header when the key comes back with another body, appending nothing', async () => {
    const key = randomUUID();
    const first = await create(key, createBody());
    const events = await app.eventCount();
    const other = await create(key, createBody());
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    expect(other.body.message).toContain('Idempotency-Key');
    expect(await app.eventCount()).toBe(events);
    expect(first.status).toBe(201);
  });

  it('stores no key for a rejected request: the corrected request under the same key goes through', async () => {
    const key = randomUUID();
    const rejected = await create(key, createBody({ maxConcurrentCalls: 0 }));
    expect(rejected.status).toBe(400);
    expect(await app.db.knex('idempotency_keys').where({ key }).first()).toBeUndefined();
    const corrected = await create(key, createBody());
    expect(corrected.status).toBe(201);
  });

  it('after a crash that lost the response, a retry creates nothing new and answers the same campaign', async () => {
    const key = randomUUID();
    const body = createBody({ phoneNumbers: [fictional(1)] });
    const first = await create(key, body);
    await forgetKey(key);
    const events = await app.eventCount();
    const retry = await create(key, body);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body).toEqual(first.body);
    expect(await app.eventCount()).toBe(events);
  });

  it('lets concurrent retries with one key create one campaign, all answered alike', async () => {
    const key = randomUUID();
    const body = createBody({ phoneNumbers: [fictional(1)] });
    const responses = await Promise.all(Array.from({ length: 5 }, () => create(key, body)));
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(201));
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(await eventTypes(app, responses[0]!.body.id)).toEqual(['CampaignCreated', 'CampaignNumbersAdded']);
  });

  it('rejects a malformed key with 400 naming the header', async () => {
    const response = await create('x'.repeat(256), createBody());
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});

describe('Idempotency-Key on POST /campaigns/:id/numbers', () => {
  it('replays the first import result to a retry, JSON or CSV, and appends nothing', async () => {
    const { id } = await createCampaign(app);
    const key = randomUUID();
    const body = { phoneNumbers: [fictional(1), fictional(2), 'nope', fictional(1)] };
    const first = await addNumbers(id, key, body);
    expect(first.body).toEqual({ added: 2, duplicates: 1, invalid: [{ value: 'nope', reason: 'not a phone number' }] });
    const events = await app.eventCount();
    const retry = await addNumbers(id, key, body);
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    const csvKey = randomUUID();
    const csv = `${fictional(3)}\n${fictional(4)}\n`;
    const csvFirst = await addNumbers(id, csvKey, csv, 'text/csv');
    expect(csvFirst.body).toEqual({ added: 2, duplicates: 0, invalid: [] });
    const csvRetry = await addNumbers(id, csvKey, csv, 'text/csv');
    expect(csvRetry.text).toBe(csvFirst.text);
    expect(await app.eventCount()).toBe(events + 1);
    expect((await addNumbers(id, csvKey, `${fictional(5)}\n`, 'text/csv')).status).toBe(422);
  });

  it('after a crash that lost the response, a retry answers what the first attempt added', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    const key = randomUUID();
    const body = { phoneNumbers: [fictional(1), fictional(2), fictional(3), 'bad'] };
    const first = await addNumbers(id, key, body);
    expect(first.body).toMatchObject({ added: 2, duplicates: 1 });
    await forgetKey(key);
    const events = await app.eventCount();
    const retry = await addNumbers(id, key, body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await app.eventCount()).toBe(events);
  });

  it('keeps keys per route: the same key on another campaign is another request', async () => {
    const key = randomUUID();
    const [a, b] = [await createCampaign(app), await createCampaign(app)];
    const body = { phoneNumbers: [fictional(1)] };
    expect((await addNumbers(a.id, key, body)).body.added).toBe(1);
    const other = await addNumbers(b.id, key, body);
    expect(other.body.added).toBe(1);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });
});
