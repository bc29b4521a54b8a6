import { toNewEvent } from '../../../src/application/command-handling/command-context.js';
import { InProcessCoordination } from '../../../src/application/dialer/in-process-coordination.js';
import type { DialerEvent } from '../../../src/domain/dialer/dialer.events.js';
import { dialerStream } from '../../../src/domain/dialer/dialer.events.js';
import type { Dial } from '../../../src/domain/dialer/dial-selection.js';
import { startAttempt } from '../../../src/application/dialer/call-attempts.js';
import { campaignCommand, campaignStatus, createCampaign, sleep, startRunner, testContext, useTestStore, waitFor } from '../../support/dialer-harness.js';
import { campaignCalls, campaignLog, isTerminalHistory } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

const pg = useTestStore();

const appendDialer = async (id: string, events: DialerEvent[]) => {
  const stream = await pg.store.readStream(dialerStream(id));
  await pg.store.appendToStream(dialerStream(id), events.map((e) => toNewEvent(e, testContext())), { expectedVersion: stream.at(-1)!.streamVersion });
};
/** What a dialer that crashed between taking a slot for the campaign's first call and recording its attempt leaves. */
const slotLeftByCrash = async (id: string): Promise<Dial> => {
  const dial = { ...(await campaignCalls(pg.store, id))[0]!, attempt: 1 };
  const events: DialerEvent[] = [{ type: 'DialerLeaseAcquired', data: { owner: 'crashed' } }, { type: 'DialStarted', data: dial }];
  await pg.store.appendToStream(dialerStream(id), events.map((e) => toNewEvent(e, testContext())), { expectedVersion: 'no_stream' });
  return dial;
};
const dialerTypes = async (id: string) => (await pg.store.readStream(dialerStream(id))).map((e) => e.type);
const attempts = async (id: string) => (await campaignLog(pg.store, id)).events.filter((e) => e.type === 'CallAttempted').length;

describe('recovery and fencing', () => {
  it('rebuilds the dials in flight from the events after a crash: lost attempts time out, unrecorded ones are started', async () => {
    const coordination = new InProcessCoordination();
    const numbers = mockNumbers('answered', 6);
    const first = await startRunner({
      databaseUrl: pg.db.url,
      coordination,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 5_000, maxDurationMs: 5_000 }),
    });
    const id = await createCampaign(pg.store, { phoneNumbers: numbers, maxConcurrentCalls: 3 });
    await waitFor('three dials in flight', async () => (await attempts(id)) === 3);
    // The crash: the provider's callbacks die with the process, and the lease is gone.
    await first.close();
    // A DialStarted whose CallAttempted never made it (the crash came in between).
    const untouched = (await campaignCalls(pg.store, id))[3]!;
    await appendDialer(id, [{ type: 'DialStarted', data: { ...untouched, attempt: 1 } }]);

    const second = await startRunner({
      databaseUrl: pg.db.url,
      coordination,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40 }),
    });
    try {
      await second.runner.consider(id);
      // Four slots taken now, over the cap of 3: nothing new is dialed until they are resolved.
      expect(second.runner.snapshot(id)?.state.inFlight.size).toBe(4);
      await waitFor('completion', async () => (await campaignStatus(pg.store, id)) === 'completed', 10_000);
      const log = await campaignLog(pg.store, id);
      expect(log.duplicateAttempts).toEqual([]);
      expect(log.maxInFlight).toBeLessThanOrEqual(3);
      expect([...log.calls.values()].every(isTerminalHistory)).toBe(true);
      const outcomes = [...log.outcomes.values()].map((o) => o.join(',')).sort();
      expect(outcomes).toEqual(['answered', 'answered', 'answered', 'timeout,answered', 'timeout,answered', 'timeout,answered']);
      // The slot whose attempt was never recorded kept its place and was dialed in it, once.
      expect(log.outcomes.get(untouched.callId)).toEqual(['answered']);
      const dialer = await pg.store.readStream(dialerStream(id));
      expect(dialer.filter((e) => e.type === 'DialStarted' && (e.data as { callId: string }).callId === untouched.callId)).toHaveLength(1);
      expect(dialer.filter((e) => e.type === 'DialEnded' && (e.data as { outcome: string }).outcome === 'abandoned')).toEqual([]);
      expect(dialer.filter((e) => e.type === 'DialerLeaseAcquired')).toHaveLength(2);
    } finally {
      await second.close();
    }
  }, 30_000);

  it('settles an unrecorded slot of a cancelled campaign by cancelling its call, which fences any late writer', async () => {
    const id = await createCampaign(pg.store, { phoneNumbers: mockNumbers('answered', 1), maxConcurrentCalls: 1 });
    const dial = await slotLeftByCrash(id);
    await campaignCommand(pg.store, { type: 'CancelCampaign', campaignId: id, reason: null });
    const worker = await startRunner({ databaseUrl: pg.db.url, telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40 }) });
    try {
      await worker.runner.consider(id);
      await waitFor('the dialer to let the campaign go', () => !worker.runner.owned.includes(id), 5_000);
      expect((await pg.store.readStream(`call-${dial.callId}`)).map((e) => e.type)).toEqual(['CallScheduled', 'CallCancelled']);
      expect((await dialerTypes(id)).slice(-2)).toEqual(['DialerLeaseAcquired', 'DialEnded']);
      expect(await startAttempt(pg.store, id, dial, testContext())).toBe('refused');
    } finally {
      await worker.close();
    }
  }, 20_000);

  it('keeps an unrecorded slot of a paused campaign and dials it in that slot once the campaign resumes', async () => {
    const id = await createCampaign(pg.store, { phoneNumbers: mockNumbers('answered', 2), maxConcurrentCalls: 1 });
    await slotLeftByCrash(id);
    await campaignCommand(pg.store, { type: 'PauseCampaign', campaignId: id });
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40 }),
      settings: { callTimeoutMs: 1_000 },
    });
    try {
      await worker.runner.consider(id);
      await sleep(1_300); // past CALL_TIMEOUT_MS: the slot is looked at, and kept
      expect(worker.runner.snapshot(id)?.state.inFlight.size).toBe(1);
      expect(await attempts(id)).toBe(0);
      await campaignCommand(pg.store, { type: 'ResumeCampaign', campaignId: id });
      await waitFor('completion', async () => (await campaignStatus(pg.store, id)) === 'completed', 5_000);
      expect((await dialerTypes(id)).filter((t) => t === 'DialStarted')).toHaveLength(2);
      expect(await attempts(id)).toBe(2);
    } finally {
      await worker.close();
    }
  }, 20_000);

  it('stops at once when another owner takes the campaign over (fencing by the dialer stream)', async () => {
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 100, maxDurationMs: 150 }),
    });
    try {
      const id = await createCampaign(pg.store, { phoneNumbers: mockNumbers('answered', 20), maxConcurrentCalls: 2 });
      await waitFor('dials', async () => (await attempts(id)) >= 2);
      await appendDialer(id, [{ type: 'DialerLeaseAcquired', data: { owner: 'intruder' } }]);
      await waitFor('the worker to let go', () => !worker.runner.owned.includes(id));
      await sleep(400);
      expect((await dialerTypes(id)).at(-1)).toBe('DialerLeaseAcquired');
      expect(await attempts(id)).toBeLessThan(20);
    } finally {
      await worker.close();
    }
  }, 20_000);

  it('stops dialing a campaign whose lease it lost', async () => {
    const coordination = new InProcessCoordination();
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      coordination,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 100, maxDurationMs: 150 }),
      settings: { leaseTtlMs: 600 },
    });
    try {
      const id = await createCampaign(pg.store, { phoneNumbers: mockNumbers('answered', 40), maxConcurrentCalls: 2 });
      await waitFor('dials', async () => (await attempts(id)) >= 2);
      await coordination.release(`dialer:lease:${id}`, worker.runner.settings.owner);
      expect(await coordination.acquire(`dialer:lease:${id}`, 'thief', 60_000)).toBe(true);
      await waitFor('the worker to let go', () => !worker.runner.owned.includes(id), 2_000);
      // A dial already past its checks may still land; nothing starts after that.
      await sleep(100);
      const count = await attempts(id);
      await sleep(500);
      expect(await attempts(id)).toBe(count);
      expect(count).toBeLessThan(40);
    } finally {
      await worker.close();
    }
  }, 20_000);
});
