import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../src/application/ports/event-store.port.js';
import { createPostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { RedisCoordination } from '../../../src/infrastructure/redis/redis-coordination.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { campaignStatus, createCampaign, startRunner, waitFor, type TestRunner } from '../../support/dialer-harness.js';
import { campaignLog, dialerSlots, isTerminalHistory, maxSlots } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CAPS = [
  { cap: 1, numbers: 12 },
  { cap: 3, numbers: 30 },
  { cap: 25, numbers: 120 },
];

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createPostgresEventStore({ knex: db.knex });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

/** Answered, busy-then-answered and no-answer-always numbers: first attempts, retries and final failures. */
const mixedNumbers = (count: number): string[] => {
  const used = new Set<string>();
  const retried = Math.floor(count / 4);
  const failing = Math.floor(count / 6);
  return [
    ...mockNumbers('answered', count - retried - failing, used),
    ...mockNumbers('busyThenAnswered', retried, used),
    ...mockNumbers('noAnswerAlways', failing, used),
  ].sort(() => Math.random() - 0.5);
};

const runCampaigns = async (runners: TestRunner[]): Promise<void> => {
  const campaigns = await Promise.all(
    CAPS.map(async ({ cap, numbers }) => ({ cap, numbers, id: await createCampaign(store, { phoneNumbers: mixedNumbers(numbers), maxConcurrentCalls: cap }) })),
  );
  await waitFor('every campaign to end', async () => {
    const statuses = await Promise.all(campaigns.map((c) => campaignStatus(store, c.id)));
    return statuses.every((s) => s === 'completed');
  }, 45_000);
  for (const { cap, numbers, id } of campaigns) {
    const log = await campaignLog(store, id);
    expect({ cap, maxInFlight: log.maxInFlight <= cap, duplicates: log.duplicateAttempts }).toEqual({ cap, maxInFlight: true, duplicates: [] });
    expect(log.calls.size).toBe(numbers);
    expect([...log.calls.values()].filter((c) => !isTerminalHistory(c))).toEqual([]);
    // The cap is a ceiling the dialer actually reached, not just stayed under.
    expect(maxSlots(await dialerSlots(store, id))).toBe(cap);
  }
  // Each worker lets a campaign go once it sees it end.
  await waitFor('the workers to let go', () => runners.every(({ runner }) => runner.owned.length === 0), 5_000);
};

describe('the cap, computed from the event log', () => {
  it('holds with one worker for caps 1, 3 and 25', async () => {
    const worker = await startRunner({
      databaseUrl: db.url,
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
          databaseUrl: db.url,
          telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 100 }),
          coordination: new RedisCoordination({ url: REDIS_URL, keyPrefix }),
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
