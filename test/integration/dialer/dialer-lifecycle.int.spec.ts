import { randomUUID } from 'node:crypto';
import { handleCallCommand } from '../../../src/application/command-handling/domain-handlers.js';
import type { EventStore, RecordedEvent } from '../../../src/application/ports/event-store.port.js';
import { comparePositions } from '../../../src/application/ports/event-store.port.js';
import { campaignStream } from '../../../src/domain/campaign/campaign.events.js';
import { createPostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { campaignCommand, campaignStatus, createCampaign, sleep, startRunner, testContext, waitFor, type TestRunner } from '../../support/dialer-harness.js';
import { campaignLog, dialerSlots, isTerminalHistory, maxSlots } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

let db: TestDatabase;
let store: EventStore;
let worker: TestRunner;
let providerDown = false;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createPostgresEventStore({ knex: db.knex });
  worker = await startRunner({
    databaseUrl: db.url,
    telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 150, maxDurationMs: 200, unavailable: () => providerDown }),
    settings: { defaultMaxConcurrentCalls: 2 },
  });
});
afterAll(async () => {
  await worker?.close();
  await store?.close();
  await db?.drop();
});

const attempted = (events: RecordedEvent[]) => events.filter((e) => e.type === 'CallAttempted');
const lastEventOf = async (id: string, type: string): Promise<RecordedEvent> =>
  (await store.readStream(campaignStream(id))).filter((e) => e.type === type).at(-1)!;
const after = (event: RecordedEvent) => (e: RecordedEvent) => comparePositions(e.position, event.position) > 0;
const ended = (id: string) => async () => ['completed', 'failed'].includes(await campaignStatus(store, id));
const pause = () => sleep(400);

describe('campaign lifecycle under the dialer', () => {
  it('pause stops new dials while the calls in flight finish; resume goes on to completion', async () => {
    const id = await createCampaign(store, { phoneNumbers: mockNumbers('answered', 8), maxConcurrentCalls: 2 });
    await waitFor('two dials', async () => attempted((await campaignLog(store, id)).events).length >= 2);
    await campaignCommand(store, { type: 'PauseCampaign', campaignId: id });
    await pause();
    const paused = await lastEventOf(id, 'CampaignPaused');
    const log = await campaignLog(store, id);
    // Only a dial already decided when the pause was appended can still record its attempt.
    expect(attempted(log.events).filter(after(paused)).length).toBeLessThanOrEqual(2);
    expect([...log.calls.values()].every(isTerminalHistory)).toBe(true);
    await pause();
    expect(attempted((await campaignLog(store, id)).events)).toHaveLength(attempted(log.events).length);

    await campaignCommand(store, { type: 'ResumeCampaign', campaignId: id });
    await waitFor('completion', ended(id));
    expect(await campaignStatus(store, id)).toBe('completed');
    expect((await campaignLog(store, id)).calls.size).toBe(8);
  }, 20_000);

  it('cancel stops new dials, cancels scheduled retries, and never completes the campaign', async () => {
    const retryPolicy = { maxRetries: 3, initialDelayMs: 2_000, backoffMultiplier: 1, maxDelayMs: 2_000 };
    const id = await createCampaign(store, { phoneNumbers: mockNumbers('busyAlways', 6), maxConcurrentCalls: 3, retryPolicy });
    await waitFor('a retry scheduled', async () => (await campaignLog(store, id)).events.some((e) => e.type === 'CallRetryScheduled'));
    await campaignCommand(store, { type: 'CancelCampaign', campaignId: id, reason: 'test' });
    await waitFor('every call settled', async () => [...(await campaignLog(store, id)).calls.values()].every(isTerminalHistory));
    await waitFor('the dialer to let the campaign go', () => !worker.runner.owned.includes(id));
    expect(worker.logger.messages.filter((m) => m.includes(id))).toEqual([`log: dialing campaign ${id}`, `log: stopped dialing campaign ${id}: done`]);
    const cancelled = await lastEventOf(id, 'CampaignCancelled');
    const log = await campaignLog(store, id);
    expect(attempted(log.events).filter(after(cancelled)).length).toBeLessThanOrEqual(3);
    const histories = [...log.calls.values()];
    expect(histories.filter((c) => !isTerminalHistory(c))).toEqual([]);
    expect(histories.some((c) => c.events.at(-1)!.type === 'CallCancelled')).toBe(true);
    expect(await campaignStatus(store, id)).toBe('cancelled');
  }, 20_000);

  it('applies a raised cap from the next decision', async () => {
    const id = await createCampaign(store, { phoneNumbers: mockNumbers('answered', 16), maxConcurrentCalls: 1 });
    await waitFor('a first dial', async () => attempted((await campaignLog(store, id)).events).length >= 1);
    await campaignCommand(store, { type: 'UpdateCampaign', campaignId: id, changes: { maxConcurrentCalls: 4 } });
    await waitFor('completion', ended(id));
    const updated = await lastEventOf(id, 'CampaignUpdated');
    const slots = await dialerSlots(store, id);
    expect(maxSlots(slots.filter((s) => !after(updated)(s.event)))).toBe(1);
    expect(maxSlots(slots)).toBe(4);
    expect((await campaignLog(store, id)).maxInFlight).toBeLessThanOrEqual(4);
  }, 20_000);

  it('times out attempts whose callback never comes, retries them, then fails them', async () => {
    const retryPolicy = { maxRetries: 1, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 };
    const used = new Set<string>();
    const [lost] = mockNumbers('lostCallback', 1, used) as [string];
    const id = await createCampaign(store, { phoneNumbers: [lost, ...mockNumbers('answered', 2, used)], maxConcurrentCalls: 3, retryPolicy });
    await waitFor('completion', ended(id), 10_000);
    const log = await campaignLog(store, id);
    const history = [...log.calls.values()].find((c) => c.phoneNumber === lost)!;
    expect(log.outcomes.get(history.callId)).toEqual(['timeout', 'timeout']);
    const [first, timedOut] = [history.events.find((e) => e.type === 'CallAttempted')!, history.events.find((e) => e.type === 'CallFailed')!];
    expect(timedOut.recordedAt.getTime() - first.recordedAt.getTime()).toBeGreaterThanOrEqual(1_000);
    expect(await campaignStatus(store, id)).toBe('completed');
  }, 20_000);

  it('fails a campaign whose every call failed: rejected numbers are never retried', async () => {
    const id = await createCampaign(store, { phoneNumbers: mockNumbers('rejected', 3), maxConcurrentCalls: 2 });
    await waitFor('the end', ended(id));
    const log = await campaignLog(store, id);
    expect([...log.outcomes.values()]).toEqual([['rejected'], ['rejected'], ['rejected']]);
    expect(await lastEventOf(id, 'CampaignFailed')).toMatchObject({ data: { completed: 0, failed: 3 } });
  }, 20_000);

  it('records an unreachable provider as `error`, retried by policy', async () => {
    providerDown = true;
    try {
      const retryPolicy = { maxRetries: 1, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 };
      const id = await createCampaign(store, { phoneNumbers: mockNumbers('answered', 2), maxConcurrentCalls: 2, retryPolicy });
      await waitFor('the end', ended(id));
      expect([...(await campaignLog(store, id)).outcomes.values()]).toEqual([['error', 'error'], ['error', 'error']]);
      expect(await campaignStatus(store, id)).toBe('failed');
    } finally {
      providerDown = false;
    }
  }, 20_000);

  it('dials single calls under the default cap', async () => {
    const numbers = mockNumbers('answered', 5);
    const context = testContext();
    const ids = numbers.map(() => randomUUID());
    for (const [i, phoneNumber] of numbers.entries()) {
      await handleCallCommand(store, { type: 'ScheduleCall', callId: ids[i]!, campaignId: null, phoneNumber }, context);
    }
    await waitFor('every single call to end', async () => {
      const log = await campaignLog(store, { singleCalls: ids });
      return ids.every((callId) => log.outcomes.get(callId)?.includes('answered'));
    });
    const log = await campaignLog(store, { singleCalls: ids });
    expect(log.maxInFlight).toBeLessThanOrEqual(2);
    expect(maxSlots(await dialerSlots(store, 'single'))).toBe(2);
    expect(log.duplicateAttempts).toEqual([]);
  }, 20_000);
});
