import { randomUUID } from 'node:crypto';
import { campaignStream } from '../../src/domain/campaign/campaign.events.js';
import { dialerStream } from '../../src/domain/dialer/dialer.events.js';
import { ALWAYS_OPEN, ANY_HOUR, TEST_REDIS_URL, waitFor } from '../support/dialer-harness.js';
import { campaignLog, isTerminalHistory, unscriptedOutcomes } from '../support/dialer-log.js';
import { mixedNumbers } from '../support/dialer-numbers.js';
import { startCampaign, useApiAndWorkers } from '../support/dialer-processes.js';

const processes = useApiAndWorkers();

const workerEnv = () => ({
  DATABASE_URL: processes.db.url,
  REDIS_URL: TEST_REDIS_URL,
  DIALER_REDIS_KEY_PREFIX: `dialstream-test-${randomUUID()}:`,
  DIALER_LEASE_TTL_MS: '1500',
  PUBLIC_BASE_URL: processes.api.url,
  TELEPHONY_WEBHOOK_SECRET: processes.api.secret,
  TELEPHONY_MOCK_MIN_DURATION_MS: '50',
  TELEPHONY_MOCK_MAX_DURATION_MS: '150',
  TELEPHONY_MOCK_FAILURE_RATE: '0',
  CALL_TIMEOUT_MS: '1000',
  // A killed worker loses the final callbacks of answered calls: their conversation clock ends them.
  CALL_MAX_DURATION_MS: '2000',
});

const ownerOf = async (campaignId: string): Promise<string | null> => {
  const events = await processes.api.store.readStream(dialerStream(campaignId)).catch(() => []);
  return (events.filter((e) => e.type === 'DialerLeaseAcquired').at(-1)?.data as { owner: string } | undefined)?.owner ?? null;
};

describe('two worker processes sharing PostgreSQL and Redis', () => {
  it('hold every cap (1, 3, 25) through a kill -9 of one worker and its restart', async () => {
    const { api } = processes;
    const env = workerEnv();
    await Promise.all([processes.spawn(env), processes.spawn(env)]);
    const campaigns = await Promise.all(
      [{ cap: 1, count: 10 }, { cap: 3, count: 30 }, { cap: 25, count: 150 }].map(async ({ cap, count }) => {
        const numbers = mixedNumbers(count);
        const id = await startCampaign(api, {
          name: `cap ${cap}`,
          phoneNumbers: numbers,
          schedule: ALWAYS_OPEN,
          ...ANY_HOUR,
          maxConcurrentCalls: cap,
          retryPolicy: { maxRetries: 2, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 },
        });
        return { cap, numbers: numbers.length, id };
      }),
    );

    // Kill the worker dialing the biggest campaign, mid-campaign.
    const big = campaigns[2]!;
    await waitFor('the big campaign under way', async () => (await campaignLog(api.store, big.id)).events.filter((e) => e.type === 'CallAttempted').length >= 40, 20_000, 50);
    const owner = await ownerOf(big.id);
    const victim = processes.workers.find((w) => owner?.includes(`:${w.process.pid}:`))!;
    expect(victim).toBeDefined();
    await victim.kill('SIGKILL');
    await processes.spawn(env);

    const completed = async (id: string) => (await api.store.readStream(campaignStream(id))).some((e) => e.type === 'CampaignCompleted');
    await waitFor('every campaign to complete', async () => (await Promise.all(campaigns.map((c) => completed(c.id)))).every(Boolean), 60_000, 200);

    for (const { cap, numbers, id } of campaigns) {
      const log = await campaignLog(api.store, id);
      const inFlight = log.maxInFlight <= cap ? 'within the cap' : `${log.maxInFlight} in flight`;
      const unsettled = [...log.calls.values()].filter((c) => !isTerminalHistory(c)).map((c) => c.phoneNumber);
      expect({ cap, inFlight, calls: log.calls.size, duplicates: log.duplicateAttempts, unsettled, unscripted: unscriptedOutcomes(log) }).toEqual({
        cap, inFlight: 'within the cap', calls: numbers, duplicates: [], unsettled: [], unscripted: [],
      });
    }
    const takeovers = (await api.store.readStream(dialerStream(big.id))).filter((e) => e.type === 'DialerLeaseAcquired');
    expect(new Set(takeovers.map((e) => (e.data as { owner: string }).owner)).size).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
