import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startTestApp, useTestApp } from '../support/app.js';
import { createBody, createCampaign, fictional } from './support/campaign-requests.js';

/** Every command answers only once the read models show it: the very next query sees the write. */
describe('read-your-writes', () => {
  const app = useTestApp();

  const listed = async (query: string): Promise<string[]> =>
    (await app.api('GET', `/campaigns?limit=500&${query}`)).body.items.map((c: { id: string }) => c.id);

  it('create: the detail and the list show the campaign at once', async () => {
    const created = await app.api('POST', '/campaigns', { body: createBody({ phoneNumbers: [fictional(1)] }) });
    expect(created.headers.get('x-read-model-lag')).toBeNull();
    const id = created.body.id as string;
    expect((await app.api('GET', `/campaigns/${id}`)).status).toBe(200);
    expect(await listed('status=pending')).toContain(id);
    expect((await app.api('GET', `/campaigns/${id}/calls`)).body.items).toHaveLength(1);
  });

  it('numbers: the stats and the calls list count them at once', async () => {
    const { id } = await createCampaign(app);
    await app.api('POST', `/campaigns/${id}/numbers`, { body: { phoneNumbers: [fictional(1), fictional(2)] } });
    expect((await app.api('GET', `/campaigns/${id}/stats`)).body.total).toBe(2);
    await app.api('POST', `/campaigns/${id}/numbers`, { body: fictional(3), contentType: 'text/csv' });
    expect((await app.api('GET', `/campaigns/${id}/calls`)).body.items).toHaveLength(3);
  });

  it('stats polled by many clients at once (their reads share statements) still count each write at once', async () => {
    const { id } = await createCampaign(app);
    let polling = true;
    const poller = async () => {
      while (polling) expect((await app.api('GET', `/campaigns/${id}/stats`)).status).toBe(200);
    };
    const pollers = Array.from({ length: 16 }, poller);
    try {
      for (let n = 1; n <= 5; n++) {
        await app.api('POST', `/campaigns/${id}/numbers`, { body: { phoneNumbers: [fictional(n)] } });
        expect((await app.api('GET', `/campaigns/${id}/stats`)).body.total).toBe(n);
      }
    } finally {
      polling = false;
      await Promise.all(pollers);
    }
  });

  it('patch, start, pause, resume, cancel, delete: each visible to the next query', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    await app.api('PATCH', `/campaigns/${id}`, { body: { maxConcurrentCalls: 2 } });
    expect((await app.api('GET', `/campaigns/${id}`)).body.maxConcurrentCalls).toBe(2);
    for (const [action, status] of [
      ['start', 'in_progress'],
      ['pause', 'paused'],
      ['resume', 'in_progress'],
      ['cancel', 'cancelled'],
    ] as const) {
      await app.api('POST', `/campaigns/${id}/${action}`);
      expect(await listed(`status=${status}`)).toContain(id);
    }
    await app.api('DELETE', `/campaigns/${id}`);
    expect((await app.api('GET', `/campaigns/${id}/stats`)).status).toBe(404);
    expect(await listed('status=cancelled')).not.toContain(id);
  });
});

describe('when the read models lag (an api-only process, no projector running)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    // Build the read models once, so the api-only process starts on live (but then idle) projections.
    await (await startTestApp({}, { db })).close();
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('still acknowledges the durable write after the bounded wait, says so, and answers from the events', async () => {
    const apiOnly = await startTestApp({ TELEPHONY_WEBHOOK_SECRET: 'read-your-writes' }, { db, role: 'api' });
    let id: string;
    try {
      const started = Date.now();
      const created = await apiOnly.api('POST', '/campaigns', { body: createBody({ phoneNumbers: [fictional(1)] }) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
      expect(created.status).toBe(201);
      expect(created.headers.get('x-read-model-lag')).toBe('true');
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toMatchObject({ status: 'pending', version: 1, stats: { total: 1 } });
      id = created.body.id;
      expect(await apiOnly.eventCount(`campaign-${id}`)).toBe(2);
    } finally {
      await apiOnly.close();
    }
    // A process with projectors catches up on its own; the campaign then shows in the read model.
    const caughtUp = await startTestApp({}, { db });
    try {
      const deadline = Date.now() + 10_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline) {
        status = (await caughtUp.api('GET', `/campaigns/${id}`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(200);
    } finally {
      await caughtUp.close();
    }
  }, 60_000);
});
