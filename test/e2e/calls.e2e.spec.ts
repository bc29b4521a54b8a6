import { randomUUID } from 'node:crypto';
import { callStream } from '../../src/domain/call/call.events.js';
import { DEFAULT_RETRY_POLICY } from '../../src/domain/campaign/campaign-config.js';
import { type ApiResponse, useTestApp } from '../support/app.js';

const app = useTestApp({
    TELEPHONY_MOCK_MIN_DURATION_MS: '1500',
    TELEPHONY_MOCK_MAX_DURATION_MS: '1500',
    TELEPHONY_MOCK_FAILURE_RATE: '0',
  });

const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<Record<string, unknown>>> =>
  app.api(method, path, { body, headers });

/** Single calls only ever append to `call-*` streams, so the number of those streams is what was stored. */
const callStreamsStored = async (): Promise<number> =>
  Number((await app.db.knex.raw(`SELECT count(DISTINCT stream) AS n FROM events WHERE stream LIKE 'call-%'`)).rows[0].n);

describe('POST /api/v1/calls', () => {
  it('answers 202 with the call id, status and Location, having appended CallScheduled outside any campaign', async () => {
    const correlationId = `corr-${randomUUID()}`;
    const { status, headers, body } = await api('POST', '/calls', { phoneNumber: '+14155550100' }, { 'x-correlation-id': correlationId });
    expect(status).toBe(202);
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'pending' });
    const id = body!.id as string;
    expect(headers.get('location')).toBe(`/api/v1/calls/${id}`);
    const [scheduled] = await app.store.readStream(callStream(id));
    expect(scheduled).toMatchObject({
      type: 'CallScheduled',
      data: { callId: id, campaignId: null, phoneNumber: '+14155550100' },
      metadata: { correlationId },
    });
  });

  it('stores the number in E.164 when the client wrote it with separators', async () => {
    const { body } = await api('POST', '/calls', { phoneNumber: '+1 (415) 555-0101' });
    const [scheduled] = await app.store.readStream(callStream(body!.id as string));
    expect(scheduled!.data).toMatchObject({ phoneNumber: '+14155550101' });
  });

  it.each([
    ['not a number', { phoneNumber: 'call me maybe' }],
    ['a number without country code', { phoneNumber: '4155550100' }],
    ['an impossible number', { phoneNumber: '+999123' }],
    ['a number as a JSON number', { phoneNumber: 14155550100 }],
    ['no phoneNumber', {}],
  ])('answers 400 naming phoneNumber for %s, storing nothing', async (_what, request) => {
    const before = await callStreamsStored();
    const { status, body } = await api('POST', '/calls', request);
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('phoneNumber') });
    expect(await callStreamsStored()).toBe(before);
  });

  it('answers 400 naming a field it does not know', async () => {
    const { status, body } = await api('POST', '/calls', { phoneNumber: '+14155550100', campaignId: randomUUID() });
    expect(status).toBe(400);
    expect(body!.message).toContain('campaignId');
  });

  it('places one call for a request retried with the same Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await api('POST', '/calls', { phoneNumber: '+14155550102' }, { 'idempotency-key': key });
    const before = await callStreamsStored();
    const retry = await api('POST', '/calls', { phoneNumber: '+14155550102' }, { 'idempotency-key': key });
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await callStreamsStored()).toBe(before);
    const other = await api('POST', '/calls', { phoneNumber: '+14155550103' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
  });
});

describe('GET /api/v1/calls/:id', () => {
  it('shows a call right after its 202 (read-your-writes)', async () => {
    const { body: created, headers } = await api('POST', '/calls', { phoneNumber: '+14155550104' });
    expect(headers.get('x-read-model-lag')).toBeNull();
    const { status, body } = await api('GET', `/calls/${created!.id as string}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: created!.id, campaignId: null, phoneNumber: '+14155550104' });
    // The dialer may already have started it.
    expect(['pending', 'in_progress']).toContain(body!.status);
  });

  it('answers 404 for an unknown id and 400 naming id for one that is not a UUID', async () => {
    expect((await api('GET', `/calls/${randomUUID()}`)).status).toBe(404);
    const { status, body } = await api('GET', '/calls/42');
    expect(status).toBe(400);
    expect(body!.message).toContain('id');
  });
});

describe('a single call through the dialer, the mock provider and its signed webhooks', () => {
  const TERMINAL = ['completed', 'failed', 'cancelled'];

  /** Polls GET /calls/:id until `until` holds, collecting each status seen, in order. */
  const follow = async (id: string, until: (view: Record<string, unknown>) => boolean, timeoutMs = 15_000) => {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await api('GET', `/calls/${id}`);
      if (body && seen.at(-1) !== body.status) seen.push(body.status as string);
      if (body && until(body)) return { view: body, seen };
      if (Date.now() > deadline) throw new Error(`call ${id} stuck; statuses seen: ${seen.join(' → ')}`);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  };

  it('moves pending → in_progress → completed, with its answered attempt', async () => {
    const { body: created } = await api('POST', '/calls', { phoneNumber: '+14155550110' });
    const { view, seen } = await follow(created!.id as string, (v) => TERMINAL.includes(v.status as string));
    expect(seen.filter((s) => s !== 'pending')).toEqual(['in_progress', 'completed']);
    expect(view).toMatchObject({ status: 'completed', lastOutcome: 'answered', nextAttemptAt: null });
    const attempts = view.attempts as Array<Record<string, string>>;
    expect(attempts).toEqual([
      {
        attempt: 1,
        startedAt: expect.any(String),
        endedAt: expect.any(String),
        outcome: 'answered',
        providerCallId: expect.stringMatching(/^mock_/),
      },
    ]);
    // The mock's calls last 1500 ms here.
    expect(Date.parse(attempts[0]!.endedAt!) - Date.parse(attempts[0]!.startedAt!)).toBeGreaterThanOrEqual(1400);
  });

  it('fails a number the provider rejects, after one attempt, without retry', async () => {
    const { body: created } = await api('POST', '/calls', { phoneNumber: '+14155550195' });
    const { view } = await follow(created!.id as string, (v) => TERMINAL.includes(v.status as string));
    expect(view).toMatchObject({ status: 'failed', lastOutcome: 'rejected', nextAttemptAt: null });
    expect(view.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'rejected' })]);
  });

  it('schedules a retry by the default policy after a busy line', async () => {
    const { body: created } = await api('POST', '/calls', { phoneNumber: '+14155550125' });
    const { view, seen } = await follow(created!.id as string, (v) => v.status === 'retry_scheduled');
    expect(seen).toContain('in_progress');
    expect(view).toMatchObject({ lastOutcome: 'busy', attempts: [expect.objectContaining({ attempt: 1, outcome: 'busy' })] });
    const wait = Date.parse(view.nextAttemptAt as string) - Date.now();
    expect(wait).toBeGreaterThan(DEFAULT_RETRY_POLICY.initialDelayMs - 5_000);
    expect(wait).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.initialDelayMs);
  });
});
