import { useTestApp } from '../support/app.js';
import { createBody, eventTypes, fictional } from './support/campaign-requests.js';

// An API process alone on a fresh database: no projector has built a read model yet, as for an API
// that takes requests before (or without) its worker.
const api = useTestApp({ TELEPHONY_WEBHOOK_SECRET: 'api-before-read-models-secret' }, { role: 'api' });

describe('an API whose read models are not built yet', () => {
  it('answers queries 503 with Retry-After in the error shape, and says so on /health/ready', async () => {
    for (const path of ['/campaigns', '/campaigns/8f14e45f-ceea-467a-9575-b5a8e0a1d2c3', '/dnc']) {
      const response = await api.api('GET', path);
      expect({ path, status: response.status }).toEqual({ path, status: 503 });
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const ready = await api.api('GET', '//health/ready');
    expect(ready.status).toBe(503);
    expect(ready.text).toContain('no live generation');
  });

  it('acknowledges a create it stored: 201, flagged as lagging, with the campaign from its own stream', async () => {
    const response = await api.api('POST', '/campaigns', { body: createBody({ phoneNumbers: [fictional(1), fictional(2)] }) });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-read-model-lag')).toBe('true');
    expect(response.body).toMatchObject({ status: 'pending', stats: { total: 2, pending: 2 } });
    expect(await eventTypes(api, (response.body as { id: string }).id)).toEqual(['CampaignCreated', 'CampaignNumbersAdded']);
  }, 30_000);
});
