import { useTestApp } from '../support/app.js';
import { closedSchedule, createBody, createCampaign, fictional } from './support/campaign-requests.js';

/** Each case below answered 500 before: the input reached the mapper, PostgreSQL or a recursive validator. */
const app = useTestApp();

const cursorOf = (key: unknown): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
const ID = '6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b';

/** A request answered 400 naming `field`, with the events table unchanged. */
const expectRejected = async (field: string | RegExp, send: () => Promise<{ status: number; body: any }>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const before = await app.eventCount();
  const response = await send();
  const named = typeof field === 'string' ? field : expect.stringMatching(field);
  expect([response.status, response.body?.details?.map((d: { field: string }) => d.field)]).toEqual([400, expect.arrayContaining([named])]);
  expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  expect(await app.eventCount()).toBe(before);
};

describe('null for an optional nested object', () => {
  it.each(['retryPolicy', 'maxConcurrentCalls', 'phoneNumbers'])('POST /campaigns with %s: null is 400', async (field) => {
    await expectRejected(field, () => app.api('POST', '/campaigns', { body: createBody({ [field]: null }) }));
  });

  it.each(['retryPolicy', 'schedule', 'name', 'maxConcurrentCalls'])('PATCH /campaigns/:id with %s: null is 400', async (field) => {
    const { id } = await createCampaign(app);
    await expectRejected(field, () => app.api('PATCH', `/campaigns/${id}`, { body: { [field]: null } }));
  });

  it.each(['retryPolicy.maxRetries', 'schedule.blackoutDates'])('a null inside a nested object (%s) is 400', async (path) => {
    const [outer, inner] = path.split('.') as [string, string];
    const body = outer === 'schedule' ? { schedule: { ...closedSchedule(), [inner]: null } } : { [outer]: { [inner]: null } };
    await expectRejected(path, () => app.api('POST', '/campaigns', { body: createBody(body) }));
  });
});

describe('an array where an object belongs', () => {
  it.each([
    ['an empty array', [[]]],
    ['an array of strings', [['x']]],
  ])('POST /campaigns with %s as a window is 400 naming the windows', async (_, windows) => {
    const body = createBody({ schedule: { timezone: 'UTC', windows } });
    await expectRejected('schedule.windows', () => app.api('POST', '/campaigns', { body }));
  });

  it.each(['schedule', 'retryPolicy'])('PATCH /campaigns/:id with %s: [] is 400', async (field) => {
    const { id } = await createCampaign(app);
    await expectRejected(field, () => app.api('PATCH', `/campaigns/${id}`, { body: { [field]: [] } }));
  });
});

describe('control characters in strings', () => {
  it.each([
    ['NUL in the name', { name: 'a\u0000b' }, 'name'],
    ['a C0 control in the name', { name: 'a\u0001b' }, 'name'],
    ['NUL in the time zone', { schedule: { ...closedSchedule(), timezone: 'UTC\u0000' } }, 'schedule.timezone'],
    ['NUL in a window time', { schedule: { timezone: 'UTC', windows: [{ days: ['mon'], start: '09:00\u0000', end: '17:00' }] } }, 'schedule.windows[0].start'],
    ['NUL in a phone number', { phoneNumbers: [fictional(1), `${fictional(2)}\u0000`] }, 'phoneNumbers[1]'],
    ['NUL in an unknown field', { ['x\u0000']: 1 }, 'x\\u0000'],
  ])('POST /campaigns with %s is 400 naming the field', async (_, overrides, field) => {
    await expectRejected(field, () => app.api('POST', '/campaigns', { body: createBody(overrides) }));
  });

  it('refuses them on every other route too: PATCH, numbers, cancel, calls, query strings', async () => {
    const { id } = await createCampaign(app);
    await expectRejected('name', () => app.api('PATCH', `/campaigns/${id}`, { body: { name: 'x\u0000' } }));
    await expectRejected('phoneNumbers[0]', () => app.api('POST', `/campaigns/${id}/numbers`, { body: { phoneNumbers: ['\u0000'] } }));
    await expectRejected('reason', () => app.api('POST', `/campaigns/${id}/cancel`, { body: { reason: 'budget\u0000' } }));
    await expectRejected('phoneNumber', () => app.api('POST', '/calls', { body: { phoneNumber: `${fictional(3)}\u0007` } }));
    await expectRejected('status', () => app.api('GET', '/campaigns?status=%00'));
  });
});

describe('forged cursors', () => {
  it.each([
    ['an impossible date', ['2026-02-30T00:00:00Z', ID]],
    ['a NUL byte in the id', ['2026-01-01T00:00:00Z', `${ID}\u0000`]],
    ['an id that is not a UUID', ['2026-01-01T00:00:00Z', 'x']],
  ])('GET /campaigns?cursor= with %s is 400 naming cursor', async (_, key) => {
    await expectRejected('cursor', () => app.api('GET', `/campaigns?cursor=${cursorOf(key)}`));
  });

  it.each([
    ['a position past int4', [2 ** 31, ID]],
    ['the largest safe integer', [Number.MAX_SAFE_INTEGER, ID]],
    ['a NUL byte in the id', [1, `${ID}\u0000`]],
  ])('GET /campaigns/:id/calls?cursor= with %s is 400 naming cursor', async (_, key) => {
    const { id } = await createCampaign(app);
    await expectRejected('cursor', () => app.api('GET', `/campaigns/${id}/calls?cursor=${cursorOf(key)}`));
  });
});

describe('a cursor that is not one this list issued', () => {
  it.each(['AA==', 'not-a-uuid', cursorOf([`${ID}\u0000`])])('GET /webhooks?cursor=%s is 400 naming cursor', async (cursor) => {
    await expectRejected('cursor', () => app.api('GET', `/webhooks?cursor=${encodeURIComponent(cursor)}`));
  });
});

describe('deeply nested JSON', () => {
  const deep = (levels: number, leaf = '1') => `${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;

  it.each([
    ['POST /campaigns', 'POST', '/campaigns', (inner: string) => `{"name":"x","schedule":${inner}}`, /^schedule(\.a)+$/],
    ['PATCH /campaigns/:id', 'PATCH', '/campaigns/{id}', (inner: string) => `{"schedule":${inner}}`, /^schedule(\.a)+$/],
    ['POST /campaigns/:id/numbers', 'POST', '/campaigns/{id}/numbers', (inner: string) => `{"phoneNumbers":[${inner}]}`, /^phoneNumbers\[0\](\.a)+$/],
  ])('%s nested 20,000 levels deep is 400 naming where it got too deep', async (_, method, path, wrap, field) => {
    const { id } = await createCampaign(app);
    const body = wrap(deep(20_000));
    await expectRejected(field, () => app.api(method, path.replace('{id}', id), { body, contentType: 'application/json' }));
  });
});

describe('objects with very many keys', () => {
  it('POST /campaigns/:id/numbers with 20,000 unknown keys is 400 at once, not seconds of validation', async () => {
    const { id } = await createCampaign(app);
    const body = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [String(i), 'x']));
    await expectRejected('body', () => app.api('POST', `/campaigns/${id}/numbers`, { body }));
  });
});
