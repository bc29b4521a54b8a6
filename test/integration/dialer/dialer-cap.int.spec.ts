import { randomUUID } from 'node:crypto';
import { RedisCoordination } from '../../../src/infrastructure/redis/redis-coordination.js';
import { campaignStatus, createCampaign, startRunner, TEST_REDIS_URL, useTestStore, waitFor, type TestRunner } from '../../support/dialer-harness.js';
import { campaignLog, dialerSlots, isTerminalHistory, maxSlots } from '../../support/dialer-log.js';
import { mixedNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

const CAPS = [
  { cap: 1, numbers: 12 },
  { cap: 3, numbers: 30 },
  { cap: 25, numbers: 120 },
];

const pg = useTestStore();

const shuffled = (numbers: string[]): string[] => numbers.sort(() => Math.random() - 0.5);

const runCampaigns = async (runners: TestRunner[]): Promise<void> => {
  const campaigns = await Promise.all(
    CAPS.map(async ({ cap, numbers }) => ({ cap, numbers, id: await createCampaign(pg.store, { phoneNumbers: shuffled(mixedNumbers(numbers)), maxConcurrentCalls: cap }) })),
  );
  await waitFor('every campaign to end', async () => {
    const statuses = await Promise.all(campaigns.map((c) => campaignStatus(pg.store, c.id)));
    return statuses.every((s) => s === 'completed');
  }, 45_000);
  for (const { cap, numbers, id } of campaigns) {
    const log = await campaignLog(pg.store, id);
    expect({ cap, maxInFlight: log.maxInFlight <= cap, duplicates: log.duplicateAttempts }).toEqual({ cap, maxInFlight: true, duplicates: [] });
    expect(log.calls.size).toBe(numbers);
    expect([...log.calls.values()].filter((c) => !isTerminalHistory(c))).toEqual([]);
    // The cap is a ceiling the dialer actually reached, not just stayed under.
    expect(maxSlots(await dialerSlots(pg.store, id))).toBe(cap);
  }
  // Each worker lets a campaign go once it sees it end.
  await waitFor('the workers to let go', () => runners.every(({ runner }) => runner.owned.length === 0), 5_000);
};

describe('the cap, computed from the event log', () => {
  it('holds with one worker for caps 1, 3 and 25', async () => {
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 100 }),
    });
    try {
      await runCampaigns([worker]);
    } finally {
      await worker.close();
    }
  }, 60_000);

  it('holds with two workers sharing PostgreSQL and Redis, each with its own pool and lease client', async () => {
    const keyPrefix = `dialstream-test-${randomUUID()}:`;
    const workers = await Promise.all(
      [1, 2].map(() =>
        startRunner({
          databaseUrl: pg.db.url,
          telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 100 }),
          coordination: new RedisCoordination({ url: TEST_REDIS_URL, keyPrefix }),
        }),
      ),
    );
    try {
      await runCampaigns(workers);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 60_000);
});
