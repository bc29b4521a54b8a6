import { gzipSync } from 'node:zlib';
import { SIGNATURE_HEADER, signWebhook } from '../../src/infrastructure/telephony/webhook-signature.js';
import { useTestApp } from '../support/app.js';
import { createBody } from './support/campaign-requests.js';
import { callEventTypes, givenCallInFlight, payload } from './support/webhook-requests.js';

const KEY = 'body-limits-key';
const SECRET = 'whsec-body-limits';
const app = useTestApp({ API_KEYS: KEY, TELEPHONY_WEBHOOK_SECRET: SECRET, AUTH_FAILURE_LIMIT: '0' });

const post = (path: string, body: Buffer | string, headers: Record<string, string>) =>
  fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { statusCode: number; message: string },
  }));

const signed = (raw: Buffer | string) => ({ [SIGNATURE_HEADER]: signWebhook(SECRET, raw, Math.floor(Date.now() / 1000)) });

describe('the provider webhook parses only small, uncompressed bodies', () => {
  it('answers 413 to a signed body over 16 KB and records nothing', async () => {
    const callId = await givenCallInFlight(app);
    const raw = JSON.stringify(payload(callId, 'completed', { padding: 'x'.repeat(20_000) }));
    const answer = await post('/api/v1/telephony/webhooks', raw, signed(raw));
    expect(answer).toMatchObject({ status: 413, body: { statusCode: 413 } });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });

  it('answers 415 naming Content-Encoding to a gzip-compressed body, even correctly signed', async () => {
    const callId = await givenCallInFlight(app);
    const raw = gzipSync(JSON.stringify(payload(callId, 'completed')));
    const answer = await post('/api/v1/telephony/webhooks', raw, { ...signed(raw), 'content-encoding': 'gzip' });
    expect(answer).toMatchObject({ status: 415, body: { statusCode: 415, message: expect.stringContaining('Content-Encoding gzip') } });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });
});

describe('requests without a valid key', () => {
  const big = JSON.stringify(createBody({ description: 'x'.repeat(1_000_000) }));

  it('get the small limit: a 1 MB body is refused unread (413), not parsed and then refused', async () => {
    const before = await app.eventCount('campaign-');
    expect((await post('/api/v1/campaigns', big, { 'x-api-key': 'wrong' })).status).toBe(413);
    expect((await post('/api/v1/campaigns', gzipSync(JSON.stringify(createBody())), { 'content-encoding': 'gzip' })).status).toBe(415);
    expect(await app.eventCount('campaign-')).toBe(before);
  });
});

describe('clients with a key', () => {
  it('may send large JSON, and gzip-compressed JSON, which is where compression makes sense', async () => {
    const large = await post('/api/v1/campaigns', JSON.stringify(createBody({ description: 'x'.repeat(1_000_000) })), { 'x-api-key': KEY });
    expect(large.status).toBe(400); // parsed and validated: the unknown field is named
    expect(large.body.message).toContain('description');
    const compressed = await post('/api/v1/campaigns', gzipSync(JSON.stringify(createBody())), { 'x-api-key': KEY, 'content-encoding': 'gzip' });
    expect(compressed.status).toBe(201);
  });

  it('may not send a compressed CSV upload, which the CSV reader would take for text', async () => {
    const created = await post('/api/v1/campaigns', JSON.stringify(createBody()), { 'x-api-key': KEY });
    const before = await app.eventCount('campaign-');
    const csv = await post(`/api/v1/campaigns/${(created.body as unknown as { id: string }).id}/numbers`, gzipSync('phoneNumber\n+14155550101\n'), {
      'x-api-key': KEY,
      'content-type': 'text/csv',
      'content-encoding': 'gzip',
    });
    expect(csv).toMatchObject({ status: 415, body: { message: expect.stringContaining('Content-Encoding') } });
    expect(await app.eventCount('campaign-')).toBe(before);
  });
});
