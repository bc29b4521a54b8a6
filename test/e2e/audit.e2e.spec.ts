import { randomUUID } from 'node:crypto';
import { comparePositions, parsePosition } from '../../src/application/ports/event-store.port.js';
import { useTestApp } from '../support/app.js';
import { createBody, createCampaign, fictional } from './support/campaign-requests.js';

const app = useTestApp();

type AuditEvent = {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  streamVersion: number;
  globalPosition: string;
  recordedAt: string;
};

describe('GET /campaigns/:id/events', () => {
  it('answers the stream as recorded, in order, with type, data, metadata, versions and global positions', async () => {
    const correlationId = `order-${randomUUID()}`;
    const created = await app.api('POST', '/campaigns', {
      body: createBody({ phoneNumbers: [fictional(1)] }),
      headers: { 'x-correlation-id': correlationId },
    });
    const id = created.body.id as string;
    await app.api('POST', `/campaigns/${id}/start`);

    const response = await app.api('GET', `/campaigns/${id}/events`);
    expect(response.status).toBe(200);
    const items = response.body.items as AuditEvent[];
    expect(items.map((e) => [e.type, e.streamVersion])).toEqual([
      ['CampaignCreated', 0],
      ['CampaignNumbersAdded', 1],
      ['CampaignStarted', 2],
    ]);
    expect(items[0]).toMatchObject({
      data: { campaignId: id, name: created.body.name },
      metadata: { correlationId, actor: 'anonymous', schemaVersion: expect.any(Number), recordedAt: expect.any(String) },
      recordedAt: expect.any(String),
    });
    expect(items[1]!.data.calls).toEqual([{ callId: expect.any(String), phoneNumber: fictional(1) }]);
    // One request, one cause: the create's two events share it; the start is another request.
    expect(items[0]!.metadata.causationId).toBe(items[1]!.metadata.causationId);
    expect(items[2]!.metadata.causationId).not.toBe(items[0]!.metadata.causationId);
    expect(items[2]!.metadata.correlationId).toBe(items[2]!.metadata.causationId);
    const positions = items.map((e) => parsePosition(e.globalPosition));
    for (let i = 1; i < positions.length; i += 1) expect(comparePositions(positions[i - 1]!, positions[i]!)).toBeLessThan(0);
    expect(response.body.nextCursor).toBeNull();
  });

  it('pages with limit and cursor', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    await app.api('POST', `/campaigns/${id}/start`);
    await app.api('POST', `/campaigns/${id}/pause`);
    const first = await app.api('GET', `/campaigns/${id}/events?limit=3`);
    expect(first.body.items.map((e: AuditEvent) => e.streamVersion)).toEqual([0, 1, 2]);
    expect(first.body.nextCursor).toBe('3');
    const second = await app.api('GET', `/campaigns/${id}/events?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: AuditEvent) => e.type)).toEqual(['CampaignPaused']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 404 for an unknown campaign and 400 naming bad parameters', async () => {
    expect((await app.api('GET', `/campaigns/${randomUUID()}/events`)).status).toBe(404);
    const malformed = await app.api('GET', '/campaigns/nope/events');
    expect(malformed.body.details).toEqual([{ field: 'id', message: expect.any(String) }]);
    const { id } = await createCampaign(app);
    for (const [query, field] of [
      ['cursor=-1', 'cursor'],
      ['limit=1000', 'limit'],
      ['from=2', 'from'],
    ] as const) {
      const response = await app.api('GET', `/campaigns/${id}/events?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
  });
});

describe('GET /calls/:id/events', () => {
  it('answers an empty trail for a campaign call not dialed yet, and 404 for an unknown call', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    const calls = await app.api('GET', `/campaigns/${id}/calls`);
    const callId = calls.body.items[0].id as string;
    const trail = await app.api('GET', `/calls/${callId}/events`);
    expect(trail.status).toBe(200);
    expect(trail.body).toEqual({ items: [], nextCursor: null });
    expect((await app.api('GET', `/calls/${randomUUID()}/events`)).status).toBe(404);
    expect((await app.api('GET', '/calls/42/events')).status).toBe(400);
  });

  it("answers a single call's recorded events", async () => {
    const scheduled = await app.api('POST', '/calls', { body: { phoneNumber: fictional(80) } });
    expect(scheduled.status).toBe(202);
    const trail = await app.api('GET', `/calls/${scheduled.body.id}/events`);
    expect(trail.status).toBe(200);
    expect(trail.body.items[0]).toMatchObject({ type: 'CallScheduled', streamVersion: 0, data: { phoneNumber: fictional(80) } });
  });
});
