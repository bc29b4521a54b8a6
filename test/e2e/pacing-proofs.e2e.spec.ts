import { randomUUID } from 'node:crypto';
import { verifyLog } from '../../src/application/audit/verify-log.js';
import { comparePositions } from '../../src/application/ports/event-store.port.js';
import { campaignStream } from '../../src/domain/campaign/campaign.events.js';
import { dialerStream } from '../../src/domain/dialer/dialer.events.js';
import { ALWAYS_OPEN, ANY_HOUR, waitFor } from '../support/dialer-harness.js';
import { campaignLog, isTerminalHistory, unscriptedOutcomes } from '../support/dialer-log.js';
import { mixedNumbers } from '../support/dialer-numbers.js';
import { startCampaign, useApiAndWorkers } from '../support/dialer-processes.js';
import { OwnRedis } from '../support/redis-server.js';

const RATE = 5;
const GLOBAL_CAP = 8;
const processes = useApiAndWorkers();
let redis: OwnRedis;

beforeAll(async () => {
  redis = await OwnRedis.start();
});
afterAll(async () => {
  await redis?.stop();
});

const workerEnv = () => ({
  DATABASE_URL: processes.db.url,
  REDIS_URL: redis.url,
  DIALER_REDIS_KEY_PREFIX: `dialstream-test-${randomUUID()}:`,
  DIALER_LEASE_TTL_MS: '1500',
  PUBLIC_BASE_URL: processes.api.url,
  TELEPHONY_WEBHOOK_SECRET: processes.api.secret,
  // Long enough that the calls the rate lets through pile up past the global cap, which must hold them.
  TELEPHONY_MOCK_MIN_DURATION_MS: '1500',
  TELEPHONY_MOCK_MAX_DURATION_MS: '3000',
  TELEPHONY_MOCK_FAILURE_RATE: '0',
  // Each worker's provider takes fewer requests a second than the shared budget hands out: it pushes back.
  TELEPHONY_MOCK_MAX_CPS: '3',
  MAX_CALLS_PER_SECOND: String(RATE),
  MAX_CONCURRENT_CALLS: String(GLOBAL_CAP),
  CALL_TIMEOUT_MS: '1500',
  // A killed worker loses the final callbacks of answered calls: their conversation clock ends them.
  CALL_MAX_DURATION_MS: '4000',
});

/** Calls ringing or talking across `campaignIds` at once, at most, from their call streams in log order. */
const mostInFlight = async (campaignIds: readonly string[]): Promise<number> => {
  const logs = await Promise.all(campaignIds.map((id) => campaignLog(processes.api.store, id)));
  const events = logs.flatMap((l) => l.events).sort((a, b) => comparePositions(a.position, b.position));
  let inFlight = 0;
  let most = 0;
  for (const event of events) {
    if (event.type === 'CallAttempted') most = Math.max(most, (inFlight += 1));
    else if (event.type === 'CallCompleted' || event.type === 'CallFailed') inFlight -= 1;
  }
  return most;
};

const ownerOf = async (campaignId: string): Promise<string | null> => {
  const events = await processes.api.store.readStream(dialerStream(campaignId)).catch(() => []);
  return (events.filter((e) => e.type === 'DialerLeaseAcquired').at(-1)?.data as { owner: string } | undefined)?.owner ?? null;
};

describe('the global cap and the calls-per-second budget across two worker processes (invariant 11), proved from the log', () => {
  it('hold through a kill -9 of one worker, a Redis restart and a provider pushing back; every number ends, stats exact', async () => {
    const { api } = processes;
    const env = workerEnv();
    await Promise.all([processes.spawn(env), processes.spawn(env)]);
    const campaigns = await Promise.all(
      [{ weight: 1, count: 15 }, { weight: 1, count: 15 }, { weight: 2, count: 30 }].map(async ({ weight, count }, i) => {
        const numbers = mixedNumbers(count);
        const id = await startCampaign(api, {
          name: `paced ${i}`,
          phoneNumbers: numbers,
          schedule: ALWAYS_OPEN,
          ...ANY_HOUR,
          weight,
          maxConcurrentCalls: 10,
          retryPolicy: { maxRetries: 2, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 },
        });
        return { numbers: numbers.length, id };
      }),
    );
    const attempts = async () => (await Promise.all(campaigns.map(async (c) => (await campaignLog(api.store, c.id)).events.filter((e) => e.type === 'CallAttempted').length))).reduce((a, b) => a + b, 0);

    await waitFor('dialing under way', async () => (await attempts()) >= 20, 30_000, 100);
    const owner = await ownerOf(campaigns[2]!.id);
    const victim = processes.workers.find((w) => owner?.includes(`:${w.process.pid}:`))!;
    expect(victim).toBeDefined();
    await victim.kill('SIGKILL');
    await processes.spawn(env);

    await waitFor('dialing under way again', async () => (await attempts()) >= 45, 40_000, 100);
    // Every key is lost: leases, slots, the ticket counter. The first ticket after pauses a window.
    await redis.restart();

    const completed = async (id: string) => (await api.store.readStream(campaignStream(id))).some((e) => e.type === 'CampaignCompleted');
    await waitFor('every campaign to complete', async () => (await Promise.all(campaigns.map((c) => completed(c.id)))).every(Boolean), 90_000, 200);

    const ids = campaigns.map((c) => c.id);
    for (const { numbers, id } of campaigns) {
      const log = await campaignLog(api.store, id);
      const unsettled = [...log.calls.values()].filter((c) => !isTerminalHistory(c)).map((c) => c.phoneNumber);
      expect({ calls: log.calls.size, duplicates: log.duplicateAttempts, unsettled, unscripted: unscriptedOutcomes(log) }).toEqual({
        calls: numbers, duplicates: [], unsettled: [], unscripted: [],
      });
      // Every request took a token from the one shared budget, and says so.
      const rates = log.events.filter((e) => e.type === 'CallAttempted').map((e) => (e.data as { rate?: unknown }).rate);
      expect(rates).toEqual(rates.map(() => ({ count: RATE, windowMs: 1_000 })));
    }
    // The budget, not the caps, set the pace: calls waited for a token, visibly.
    const paced = await Promise.all(ids.map(async (id) => (await api.store.readStream(dialerStream(id))).filter((e) => (e.data as { waitingFor?: string }).waitingFor === 'rate_limit').length));
    expect(paced.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // Across all three campaigns and both processes: never more calls at once than the global cap
    // (each campaign's own cap, 10, would allow 30), no rolling second over the budget.
    expect(await mostInFlight(ids)).toBeLessThanOrEqual(GLOBAL_CAP);
    const report = await verifyLog(api.store, { campaignIds: ids, options: { maxCallsPerSecond: RATE, globalCap: GLOBAL_CAP } });
    expect(report.violations).toEqual([]);
    // And the service's own proof, stats read model included (invariant 5: exact stats).
    for (const id of ids) {
      const verification = (await (await fetch(`${api.url}/api/v1/campaigns/${id}/verification`)).json()) as { ok: boolean; violations: unknown[] };
      expect(verification.violations).toEqual([]);
      expect(verification.ok).toBe(true);
    }
  }, 180_000);

  it('finishes a campaign under a provider that takes 1 call a second, with exact stats', async () => {
    const { api } = processes;
    await Promise.all(processes.workers.map((w) => w.kill('SIGTERM')));
    await processes.spawn({ ...workerEnv(), TELEPHONY_MOCK_MAX_CPS: '1', MAX_CALLS_PER_SECOND: '1' });
    const numbers = mixedNumbers(8);
    const id = await startCampaign(api, {
      name: 'one a second',
      phoneNumbers: numbers,
      schedule: ALWAYS_OPEN,
      ...ANY_HOUR,
      maxConcurrentCalls: 4,
      retryPolicy: { maxRetries: 2, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 },
    });
    await waitFor('the campaign to complete', async () => (await api.store.readStream(campaignStream(id))).some((e) => e.type === 'CampaignCompleted'), 60_000, 200);
    const log = await campaignLog(api.store, id);
    expect({ calls: log.calls.size, duplicates: log.duplicateAttempts, unscripted: unscriptedOutcomes(log) }).toEqual({ calls: numbers.length, duplicates: [], unscripted: [] });
    expect((await verifyLog(api.store, { campaignIds: [id], options: { maxCallsPerSecond: 1 } })).violations).toEqual([]);
    const verification = (await (await fetch(`${api.url}/api/v1/campaigns/${id}/verification`)).json()) as { violations: unknown[]; recounts: Record<string, unknown> };
    expect(verification.violations).toEqual([]);
    const stats = (await (await fetch(`${api.url}/api/v1/campaigns/${id}/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ total: 8, pending: 0, inProgress: 0, completed: 7, failed: 1, attempts: 12, retriesAttempted: 4 });
  }, 90_000);
});
