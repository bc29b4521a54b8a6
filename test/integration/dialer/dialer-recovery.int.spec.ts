import { randomUUID } from 'node:crypto';
import { toNewEvent } from '../../../src/application/command-handling/command-context.js';
import { InProcessCoordination } from '../../../src/application/dialer/in-process-coordination.js';
import type { EventStore } from '../../../src/application/ports/event-store.port.js';
import type { DialerEvent } from '../../../src/domain/dialer/dialer.events.js';
import { dialerStream } from '../../../src/domain/dialer/dialer.events.js';
import { campaignStream } from '../../../src/domain/campaign/campaign.events.js';
import { createPostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startAttempt } from '../../../src/application/dialer/call-attempts.js';
import { campaignCommand, campaignStatus, createCampaign, startRunner, waitFor } from '../../support/dialer-harness.js';
import { campaignLog, isTerminalHistory } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

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

const context = () => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'test', now: new Date().toISOString() });
const appendDialer = async (id: string, events: DialerEvent[]) => {
  const stream = await store.readStream(dialerStream(id));
  await store.appendToStream(dialerStream(id), events.map((e) => toNewEvent(e, context())), { expectedVersion: stream.at(-1)!.streamVersion });
};
const dialerTypes = async (id: string) => (await store.readStream(dialerStream(id))).map((e) => e.type);
const attempts = async (id: string) => (await campaignLog(store, id)).events.filter((e) => e.type === 'CallAttempted').length;

describe('recovery and fencing', () => {
  it('rebuilds the dials in flight from the events after a crash: lost attempts time out, unrecorded ones are started', async () => {
    const coordination = new InProcessCoordination();
    const numbers = mockNumbers('answered', 6);
    const first = await startRunner({
      databaseUrl: db.url,
      coordination,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 5_000, maxDurationMs: 5_000 }),
    });
    const id = await createCampaign(store, { phoneNumbers: numbers, maxConcurrentCalls: 3 });
    await waitFor('three dials in flight', async () => (await attempts(id)) === 3);
    // The crash: the provider's callbacks die with the process, and the lease is gone.
    await first.close();
    // A DialStarted whose CallAttempted never made it (the crash came in between).
    const { state } = { state: (await store.readStream(campaignStream(id)))[1]!.data as { calls: Array<{ callId: string; phoneNumber: string }> } };
    const untouched = state.calls[3]!;
    await appendDialer(id, [{ type: 'DialStarted', data: { ...untouched, attempt: 1 } }]);

    const second = await startRunner({
      databaseUrl: db.url,
      coordination,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40 }),
    });
    try {
      await second.runner.consider(id);
      // Four slots taken now, over the cap of 3: nothing new is dialed until they are resolved.
      expect(second.runner.snapshot(id)?.state.inFlight.size).toBe(4);
      await waitFor('completion', async () => (await campaignStatus(store, id)) === 'completed', 10_000);
      const log = await campaignLog(store, id);
      expect(log.duplicateAttempts).toEqual([]);
      expect(log.maxInFlight).toBeLessThanOrEqual(3);
      expect([...log.calls.values()].every(isTerminalHistory)).toBe(true);
      const outcomes = [...log.outcomes.values()].map((o) => o.join(',')).sort();
      expect(outcomes).toEqual(['answered', 'answered', 'answered', 'timeout,answered', 'timeout,answered', 'timeout,answered']);
      // The slot whose attempt was never recorded kept its place and was dialed in it, once.
      expect(log.outcomes.get(untouched.callId)).toEqual(['answered']);
      const dialer = await store.readStream(dialerStream(id));
      expect(dialer.filter((e) => e.type === 'DialStarted' && (e.data as { callId: string }).callId === untouched.callId)).toHaveLength(1);
      expect(dialer.filter((e) => e.type === 'DialEnded' && (e.data as { outcome: string }).outcome === 'abandoned')).toEqual([]);
      expect(dialer.filter((e) => e.type === 'DialerLeaseAcquired')).toHaveLength(2);
    } finally {
      await second.close();
    }
  }, 30_000);

  it('settles an unrecorded slot of a cancelled campaign by cancelling its call, which fences any late writer', async () => {
    const [phoneNumber] = mockNumbers('answered', 1) as [string];
    const id = await createCampaign(store, { phoneNumbers: [phoneNumber], maxConcurrentCalls: 1 });
    const callId = ((await store.readStream(campaignStream(id)))[1]!.data as { calls: Array<{ callId: string }> }).calls[0]!.callId;
    const dial = { callId, attempt: 1, phoneNumber };
    await store.appendToStream(dialerStream(id), [
      toNewEvent<DialerEvent>({ type: 'DialerLeaseAcquired', data: { owner: 'crashed' } }, context()),
      toNewEvent<DialerEvent>({ type: 'DialStarted', data: dial }, context()),
    ], { expectedVersion: 'no_stream' });
    await campaignCommand(store, { type: 'CancelCampaign', campaignId: id, reason: null });
    const worker = await startRunner({ databaseUrl: db.url, telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40 }) });
    try {
      await worker.runner.consider(id);
      await waitFor('the dialer to let the campaign go', () => !worker.runner.owned.includes(id), 5_000);
      expect((await store.readStream(`call-${callId}`)).map((e) => e.type)).toEqual(['CallScheduled', 'CallCancelled']);
      expect((await dialerTypes(id)).slice(-2)).toEqual(['DialerLeaseAcquired', 'DialEnded']);
      expect(await startAttempt(store, id, dial, context())).toBe('refused');
    } finally {
      await worker.close();
    }
  }, 20_000);

  it('keeps an unrecorded slot of a paused campaign and dials it in that slot once the campaign resumes', async () => {
    const [phoneNumber, other] = mockNumbers('answered', 2) as [string, string];
    const id = await createCampaign(store, { phoneNumbers: [phoneNumber, other], maxConcurrentCalls: 1 });
    const callId = ((await store.readStream(campaignStream(id)))[1]!.data as { calls: Array<{ callId: string }> }).calls[0]!.callId;
    await store.appendToStream(dialerStream(id), [
      toNewEvent<DialerEvent>({ type: 'DialerLeaseAcquired', data: { owner: 'crashed' } }, context()),
      toNewEvent<DialerEvent>({ type: 'DialStarted', data: { callId, attempt: 1, phoneNumber } }, context()),
    ], { expectedVersion: 'no_stream' });
    await campaignCommand(store, { type: 'PauseCampaign', campaignId: id });
    const worker = await startRunner({
      databaseUrl: db.url,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40 }),
      settings: { callTimeoutMs: 1_000 },
    });
    try {
      await worker.runner.consider(id);
      await new Promise((resolve) => setTimeout(resolve, 1_300)); // past CALL_TIMEOUT_MS: the slot is looked at, and kept
      expect(worker.runner.snapshot(id)?.state.inFlight.size).toBe(1);
      expect(await attempts(id)).toBe(0);
      await campaignCommand(store, { type: 'ResumeCampaign', campaignId: id });
      await waitFor('completion', async () => (await campaignStatus(store, id)) === 'completed', 5_000);
      expect((await dialerTypes(id)).filter((t) => t === 'DialStarted')).toHaveLength(2);
      expect(await attempts(id)).toBe(2);
    } finally {
      await worker.close();
    }
  }, 20_000);

  it('stops at once when another owner takes the campaign over (fencing by the dialer stream)', async () => {
    const worker = await startRunner({
      databaseUrl: db.url,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 100, maxDurationMs: 150 }),
    });
    try {
      const id = await createCampaign(store, { phoneNumbers: mockNumbers('answered', 20), maxConcurrentCalls: 2 });
      await waitFor('dials', async () => (await attempts(id)) >= 2);
      await appendDialer(id, [{ type: 'DialerLeaseAcquired', data: { owner: 'intruder' } }]);
      await waitFor('the worker to let go', () => !worker.runner.owned.includes(id));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await dialerTypes(id)).at(-1)).toBe('DialerLeaseAcquired');
      expect(await attempts(id)).toBeLessThan(20);
    } finally {
      await worker.close();
    }
  }, 20_000);

  it('stops dialing a campaign whose lease it lost', async () => {
    const coordination = new InProcessCoordination();
    const worker = await startRunner({
      databaseUrl: db.url,
      coordination,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 100, maxDurationMs: 150 }),
      settings: { leaseTtlMs: 600 },
    });
    try {
      const id = await createCampaign(store, { phoneNumbers: mockNumbers('answered', 40), maxConcurrentCalls: 2 });
      await waitFor('dials', async () => (await attempts(id)) >= 2);
      await coordination.release(`dialer:lease:${id}`, worker.runner.settings.owner);
      expect(await coordination.acquire(`dialer:lease:${id}`, 'thief', 60_000)).toBe(true);
      await waitFor('the worker to let go', () => !worker.runner.owned.includes(id), 2_000);
      // A dial already past its checks may still land; nothing starts after that.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const count = await attempts(id);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await attempts(id)).toBe(count);
      expect(count).toBeLessThan(40);
    } finally {
      await worker.close();
    }
  }, 20_000);
});
