import { useTestApp } from '../support/app.js';
import { createBody } from './support/campaign-requests.js';
import { callEventTypes, deliver, givenCallInFlight, payload } from './support/webhook-requests.js';

const KEY = 'the-right-key';
const LIMIT = 3;
const app = useTestApp({
  API_KEYS: KEY,
  AUTH_FAILURE_LIMIT: String(LIMIT),
  TELEPHONY_WEBHOOK_SECRET: 'whsec-auth-failures',
});

// Every request of this file comes from 127.0.0.1: one client, whose failures add up across tests.
describe('failed authentications are counted per address (AUTH_FAILURE_LIMIT)', () => {
  it('answers 401 to the first wrong keys, then 429 with Retry-After to every key, the right one too', async () => {
    const before = await app.eventCount();
    const statuses = [];
    for (let i = 0; i < LIMIT; i += 1) {
      statuses.push((await app.api('POST', '/campaigns', { body: createBody(), headers: { 'x-api-key': `guess-${i}` } })).status);
    }
    expect(statuses).toEqual(Array(LIMIT).fill(401));

    const blocked = await app.api('POST', '/campaigns', { body: createBody(), headers: { 'x-api-key': 'guess-next' } });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('failed authentications') });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // A right guess must look no different, or guessing would go on.
    expect((await app.api('GET', '/campaigns', { headers: { 'x-api-key': KEY } })).status).toBe(429);
    expect(await app.eventCount()).toBe(before);
  });

  it('keeps public routes open to a blocked address', async () => {
    expect((await app.api('GET', '//health/live')).status).toBe(200);
  });

  it('counts forged webhook signatures too, then refuses every callback from that address', async () => {
    const callId = await givenCallInFlight(app);
    const forged = [];
    for (let i = 0; i < LIMIT; i += 1) forged.push((await deliver(app, payload(callId, 'completed'), { secret: `forged-${i}` })).status);
    expect(forged).toEqual(Array(LIMIT).fill(401));
    const signed = await deliver(app, payload(callId, 'completed'));
    expect(signed).toMatchObject({ status: 429, body: { statusCode: 429 } });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });
});
