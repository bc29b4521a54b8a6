import { randomUUID } from 'node:crypto';
import { DEFAULT_RETRY_POLICY } from '../../src/domain/campaign/campaign-config.js';
import { type ApiResponse, useTestApp } from '../support/app.js';
import { closedSchedule, createBody, createCampaign, eventTypes, fictional, manyNumbers } from './support/campaign-requests.js';

const app = useTestApp({ DEFAULT_MAX_CONCURRENT_CALLS: '7' });

const fields = (body: { details?: Array<{ field: string }> }) => (body.details ?? []).map((d) => d.field);

/** Runs `act` and asserts the events table did not grow: a rejected request stores nothing. */
const expectNothingAppended = async <T>(act: () => Promise<T>): Promise<T> => {
  const before = await app.eventCount();
  const result = await act();
  expect(await app.eventCount()).toBe(before);
  return result;
};

describe('POST /campaigns', () => {
  it('answers 201 with the campaign view, ETag and Location, defaults filled in, and GET sees it at once', async () => {
    const body = createBody({ phoneNumbers: [fictional(1), '+1 (415) 555-0102', fictional(1)] });
    const created = await app.api('POST', '/campaigns', { body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: body.name,
      status: 'pending',
      schedule: { ...closedSchedule(), blackoutDates: [] },
      maxConcurrentCalls: 7,
      retryPolicy: DEFAULT_RETRY_POLICY,
      stats: { total: 2, pending: 2, inProgress: 0, completed: 0, failed: 0, retriesAttempted: 0, attempts: 0 },
      startedAt: null,
      endedAt: null,
      version: 1,
    });
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/v1/campaigns/${created.body.id}`);
    const fetched = await app.api('GET', `/campaigns/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
    expect(await eventTypes(app, created.body.id)).toEqual(['CampaignCreated', 'CampaignNumbersAdded']);
  });

  it('keeps the cap, the blackout dates and the parts of the retry policy the client sent', async () => {
    const created = await createCampaign(app, {
      schedule: { ...closedSchedule(), blackoutDates: ['2026-12-25'] },
      maxConcurrentCalls: 3,
      retryPolicy: { maxRetries: 4 },
    });
    expect(created).toMatchObject({
      maxConcurrentCalls: 3,
      schedule: { blackoutDates: ['2026-12-25'] },
      retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 4 },
      stats: { total: 0 },
    });
  });

  it('rejects a body that sets status (mass assignment) with 400 naming the field, and stores nothing', async () => {
    const response = await expectNothingAppended(() =>
      app.api('POST', '/campaigns', { body: createBody({ status: 'completed', id: randomUUID() }) }),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(fields(response.body)).toEqual(expect.arrayContaining(['status', 'id']));
  });

  it.each([
    ['a missing name', { name: undefined }, 'name'],
    ['a name that is not a string', { name: 42 }, 'name'],
    ['an unknown field inside the schedule', { schedule: { ...closedSchedule(), owner: 'me' } }, 'schedule.owner'],
    ['an unknown weekday', { schedule: { timezone: 'UTC', windows: [{ days: ['someday'], start: '09:00', end: '17:00' }] } }, 'schedule.windows[0].days'],
    ['a cap that is not an integer', { maxConcurrentCalls: 2.5 }, 'maxConcurrentCalls'],
    ['an unknown retry policy field', { retryPolicy: { retries: 3 } }, 'retryPolicy.retries'],
  ])('rejects %s with 400 naming the field (DTO)', async (_what, overrides, field) => {
    const response = await expectNothingAppended(() => app.api('POST', '/campaigns', { body: createBody(overrides) }));
    expect(response.status).toBe(400);
    expect(fields(response.body)).toContain(field);
  });

  it.each([
    ['an unknown time zone', { schedule: { ...closedSchedule(), timezone: 'Mars/Olympus_Mons' } }, 'schedule.timezone'],
    ['a malformed window time', { schedule: { timezone: 'UTC', windows: [{ days: ['mon'], start: '9am', end: '17:00' }] } }, 'schedule.windows[0].start'],
    ['a cap above the limit', { maxConcurrentCalls: 100_000 }, 'maxConcurrentCalls'],
    ['a zero cap', { maxConcurrentCalls: 0 }, 'maxConcurrentCalls'],
    ['a max delay below the initial delay', { retryPolicy: { initialDelayMs: 60_000, maxDelayMs: 1_000 } }, 'retryPolicy.maxDelayMs'],
    ['a blank name', { name: '   ' }, 'name'],
  ])('rejects %s with 400 naming the field (domain rule)', async (_what, overrides, field) => {
    const response = await expectNothingAppended(() => app.api('POST', '/campaigns', { body: createBody(overrides) }));
    expect(response.status).toBe(400);
    expect(fields(response.body)).toContain(field);
    expect(response.body.message).toContain(field);
  });

  it('rejects the whole create when any number is invalid, naming each one, and stores nothing', async () => {
    const response = await expectNothingAppended(() =>
      app.api('POST', '/campaigns', { body: createBody({ phoneNumbers: [fictional(3), 'call me', 42] }) }),
    );
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual(['phoneNumbers[1]', 'phoneNumbers[2]']);
  });

  it('answers 413 naming the limit for more than 100,000 numbers, and stores nothing', async () => {
    const response = await expectNothingAppended(() =>
      app.api('POST', '/campaigns', { body: createBody({ phoneNumbers: manyNumbers(100_001) }) }),
    );
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', details: { limit: 100_000 } });
    expect(response.body.message).toContain('100000');
  }, 60_000);

  it('answers malformed JSON with 400 and an oversized body with 413, both in the error shape', async () => {
    const malformed = await app.api('POST', '/campaigns', { body: '{"name": ', contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const huge = await app.api('POST', '/campaigns', { body: createBody({ name: 'x'.repeat(9 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(huge.body.message).toMatch(/at most \d+ bytes/);
  });
});

describe('GET /campaigns', () => {
  it('filters by status and pages with a cursor, each campaign exactly once', async () => {
    const ours = await Promise.all([1, 2, 3, 4, 5].map(() => createCampaign(app, { phoneNumbers: [fictional(9)] })));
    const started = ours[2]!.id;
    expect((await app.api('POST', `/campaigns/${started}/start`)).status).toBe(200);

    const running = await app.api('GET', '/campaigns?status=in_progress');
    expect(running.status).toBe(200);
    expect(running.body.items.map((c: { id: string }) => c.id)).toContain(started);
    expect(running.body.items.every((c: { status: string }) => c.status === 'in_progress')).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await app.api(
        'GET',
        `/campaigns?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ours.map((c) => c.id)));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['status=running', 'status'],
    ['owner=me', 'owner'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('rejects ?%s with 400 naming %s', async (query, field) => {
    const response = await app.api('GET', `/campaigns?${query}`);
    expect(response.status).toBe(400);
    expect(fields(response.body)).toContain(field);
  });
});

describe('GET /campaigns/:id', () => {
  it('answers 404 for an unknown id and 400 naming the parameter for a malformed one', async () => {
    const unknown = await app.api('GET', `/campaigns/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const malformed = await app.api('GET', '/campaigns/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(fields(malformed.body)).toEqual(['id']);
  });

  it('answers ?asOf with the campaign as it stood then: before and after a pause', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(11)] });
    await app.api('POST', `/campaigns/${id}/start`);
    const whileRunning = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await app.api('POST', `/campaigns/${id}/pause`)).status).toBe(200);

    const then = await app.api('GET', `/campaigns/${id}?asOf=${whileRunning}`);
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({ id, status: 'in_progress', stats: { total: 1 } });
    expect((await app.api('GET', `/campaigns/${id}`)).body.status).toBe('paused');
  });

  it('rejects an asOf before the campaign existed, or not an ISO instant, with 400 naming asOf', async () => {
    const { id } = await createCampaign(app);
    const before = await app.api('GET', `/campaigns/${id}?asOf=2001-01-01T00:00:00Z`);
    expect(before.status).toBe(400);
    expect(fields(before.body)).toEqual(['asOf']);
    const malformed = await app.api('GET', `/campaigns/${id}?asOf=yesterday`);
    expect(malformed.status).toBe(400);
    expect(fields(malformed.body)).toEqual(['asOf']);
  });
});
