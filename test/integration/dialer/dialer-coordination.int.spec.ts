import { randomUUID } from 'node:crypto';
import { handleCallCommand } from '../../../src/application/command-handling/domain-handlers.js';
import { InProcessCoordination } from '../../../src/application/dialer/in-process-coordination.js';
import type { Coordination } from '../../../src/application/ports/coordination.port.js';
import { comparePositions, type EventStore } from '../../../src/application/ports/event-store.port.js';
import { knexDialerDiscovery } from '../../../src/infrastructure/dialer/knex-dialer-discovery.js';
import { createPostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { RedisCoordination } from '../../../src/infrastructure/redis/redis-coordination.js';
import { ensureLiveGeneration } from '../../../src/projections/projection-generation.js';
import { startAttempt } from '../../../src/application/dialer/call-attempts.js';
import { ALL_PROJECTIONS } from '../../../src/projections/projections.js';
import { createTestDatabase } from '../../support/database.js';
import { campaignCommand, createCampaign, sleep, TEST_REDIS_URL, testContext, waitFor } from '../../support/dialer-harness.js';
import { campaignCalls } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';

describe.each([
  ['Redis', () => new RedisCoordination({ url: TEST_REDIS_URL, keyPrefix: `dialstream-test-${randomUUID()}:` })],
  ['in-process', () => new InProcessCoordination()],
])('%s leases', (_name, create: () => Coordination) => {
  let leases: Coordination;
  beforeEach(() => {
    leases = create();
  });
  afterEach(async () => {
    await leases.close();
  });

  it('grant a key to one owner at a time, again to the same owner', async () => {
    expect(await leases.acquire('campaign-a', 'w1', 5_000)).toBe(true);
    expect(await leases.acquire('campaign-a', 'w2', 5_000)).toBe(false);
    expect(await leases.acquire('campaign-a', 'w1', 5_000)).toBe(true);
    expect(await leases.acquire('campaign-b', 'w2', 5_000)).toBe(true);
  });

  it('renew only for the holder, and release only by the holder', async () => {
    await leases.acquire('k', 'w1', 5_000);
    expect(await leases.renew('k', 'w2', 5_000)).toBe(false);
    expect(await leases.renew('k', 'w1', 5_000)).toBe(true);
    await leases.release('k', 'w2');
    expect(await leases.acquire('k', 'w2', 5_000)).toBe(false);
    await leases.release('k', 'w1');
    expect(await leases.acquire('k', 'w2', 5_000)).toBe(true);
  });

  it('expire unless renewed: the holder then cannot renew, another may take it', async () => {
    await leases.acquire('k', 'w1', 150);
    await sleep(100);
    expect(await leases.renew('k', 'w1', 150)).toBe(true);
    await sleep(100);
    expect(await leases.acquire('k', 'w2', 150)).toBe(false);
    await sleep(120);
    expect(await leases.renew('k', 'w1', 150)).toBe(false);
    expect(await leases.acquire('k', 'w2', 150)).toBe(true);
  });
});

describe('discovery from the read models', () => {
  it('finds running and paused campaigns, cancelled ones with unsettled calls, and pending single calls', async () => {
    const db = await createTestDatabase();
    const store: EventStore = createPostgresEventStore({ knex: db.knex });
    try {
      const discovery = knexDialerDiscovery(db.knex);
      expect(await discovery.campaignsToDial()).toEqual([]); // no views yet: nothing, no error
      const running = await createCampaign(store, { phoneNumbers: mockNumbers('answered', 1), maxConcurrentCalls: 1 });
      const paused = await createCampaign(store, { phoneNumbers: mockNumbers('answered', 1), maxConcurrentCalls: 1 });
      await campaignCommand(store, { type: 'PauseCampaign', campaignId: paused });
      const pending = await createCampaign(store, { phoneNumbers: mockNumbers('answered', 1), maxConcurrentCalls: 1 }, false);
      const single = randomUUID();
      const context = testContext();
      const [inFlight] = mockNumbers('answered', 1) as [string];
      const cancelled = await createCampaign(store, { phoneNumbers: [inFlight], maxConcurrentCalls: 1 });
      const { callId } = (await campaignCalls(store, cancelled))[0]!;
      expect(await startAttempt(store, cancelled, { callId, attempt: 1, phoneNumber: inFlight }, context)).toBe('started');
      await campaignCommand(store, { type: 'CancelCampaign', campaignId: cancelled, reason: null });
      const settled = await createCampaign(store, { phoneNumbers: mockNumbers('answered', 1), maxConcurrentCalls: 1 });
      await campaignCommand(store, { type: 'CancelCampaign', campaignId: settled, reason: null });
      const last = await handleCallCommand(store, { type: 'ScheduleCall', callId: single, campaignId: null, phoneNumber: '+14155550100' }, context);
      // Projections read the log, which shows a commit once every older transaction has ended.
      await waitFor('the log to show every event', async () => {
        const head = await store.headPosition();
        return head !== null && comparePositions(head, last.position!) >= 0;
      });
      for (const projection of ALL_PROJECTIONS) await ensureLiveGeneration(store, db.knex, projection);
      expect((await discovery.campaignsToDial()).sort()).toEqual([running, paused, cancelled].sort());
      expect(await discovery.pendingSingleCalls()).toEqual([{ callId: single, phoneNumber: '+14155550100' }]);
      expect(await discovery.campaignsToDial()).not.toContain(pending);
      expect(await discovery.campaignsToDial()).not.toContain(settled);
    } finally {
      await store.close();
      await db.drop();
    }
  }, 20_000);
});
