import { createHash } from 'node:crypto';
import { type TestApp, useTestApp } from '../support/app.js';
import { createBody } from './support/campaign-requests.js';

const KEYS = ['key-for-tests-one', 'key-for-tests-two'] as const;
const RATE_LIMIT = 20;

const app = useTestApp({ API_KEYS: KEYS.join(','), RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });

const as = (key: string) => ({ headers: { 'x-api-key': key } });

describe('x-api-key (API_KEYS set)', () => {
  it('answers 401 in the error shape without a key or with a wrong one, and stores nothing', async () => {
    const before = await app.eventCount();
    for (const headers of [{}, { 'x-api-key': 'guess' }] as Array<Record<string, string>>) {
      const response = await app.api('POST', '/campaigns', { body: createBody(), headers });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('x-api-key') });
    }
    expect((await app.api('GET', '/campaigns')).status).toBe(401);
    expect(await app.eventCount()).toBe(before);
  });

  it('accepts either key and records a fingerprint of it, never the key, as the actor', async () => {
    const created = await app.api('POST', '/campaigns', { body: createBody(), ...as(KEYS[0]) });
    expect(created.status).toBe(201);
    expect((await app.api('GET', `/campaigns/${created.body.id}`, as(KEYS[1]))).status).toBe(200);
    const [event] = await app.store.readStream(`campaign-${created.body.id}`);
    const fingerprint = createHash('sha256').update(KEYS[0]).digest('hex').slice(0, 12);
    expect(event!.metadata.actor).toBe(`api-key:${fingerprint}`);
    expect(JSON.stringify({ data: event!.data, metadata: event!.metadata })).not.toContain(KEYS[0]);
  });

  it('leaves health, metrics and the docs open', async () => {
    for (const path of ['//health/live', '//health/ready', '//metrics', '//docs-json', '//docs']) {
      expect([path, (await app.api('GET', path)).status]).toEqual([path, 200]);
    }
  });
});

describe('rate limiting (RATE_LIMIT_PER_MINUTE)', () => {
  it('answers 429 in the error shape with Retry-After once a client used its minute, other clients unaffected', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<TestApp['api']>> | undefined;
    for (let i = 0; i <= RATE_LIMIT; i += 1) {
      last = await app.api('GET', '/campaigns', as(KEYS[1]));
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(statuses.length - statuses.indexOf(429));
    expect(last!.status).toBe(429);
    expect(last!.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');

    const other = await app.api('GET', '/campaigns', as(KEYS[0]));
    expect(other.status).toBe(200);
    expect(Number(other.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect((await app.api('GET', '//health/live')).status).toBe(200);
  });
});
