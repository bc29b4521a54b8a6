import { campaignStatus, createCampaign, startRunner, useTestStore, waitFor } from '../../support/dialer-harness.js';
import { campaignLog } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

const pg = useTestStore();

const eventsOf = async (callId: string) => (await pg.store.readStream(`call-${callId}`)).map((e) => ({ type: e.type, data: e.data }));

describe('invariant 12: an answered call is never recorded as unanswered nor re-dialed because it outlasted a timeout', () => {
  it('completes each answered call once when conversations last longer than CALL_TIMEOUT_MS, while lost callbacks still time out', async () => {
    let telephony!: ScriptedTelephony;
    // Answered a quarter in (≤ 800 ms, inside the 2 s ring time), ended after 2.8–3.2 s: past CALL_TIMEOUT_MS.
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      telephony: (s) => (telephony = new ScriptedTelephony(s, { minDurationMs: 2_800, maxDurationMs: 3_200 })),
      settings: { callTimeoutMs: 2_000, callMaxDurationMs: 60_000 },
    });
    try {
      const answered = mockNumbers('answered', 6);
      const lost = mockNumbers('lostCallback', 1);
      const id = await createCampaign(pg.store, {
        phoneNumbers: [...answered, ...lost],
        maxConcurrentCalls: 7,
        retryPolicy: { maxRetries: 1, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 },
      });
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed', 20_000);
      const log = await campaignLog(pg.store, id);
      const byNumber = new Map([...log.calls.values()].map((c) => [c.phoneNumber, log.outcomes.get(c.callId)]));
      expect(answered.map((n) => byNumber.get(n))).toEqual(answered.map(() => ['answered']));
      expect(lost.map((n) => byNumber.get(n))).toEqual([['timeout', 'timeout']]);
      expect(log.duplicateAttempts).toEqual([]);
      expect(telephony.dials.filter((d) => answered.includes(d.phoneNumber))).toHaveLength(answered.length);
      const types = [...log.calls.values()].filter((c) => answered.includes(c.phoneNumber)).map((c) => c.events.map((e) => e.type));
      expect(new Set(types.map((t) => t.join(',')))).toEqual(new Set(['CallScheduled,CallAttempted,CallAnswered,CallCompleted']));
    } finally {
      await worker.close();
    }
  }, 30_000);

  it('ends a conversation past CALL_MAX_DURATION_MS as answered, never re-dials it, and a late final callback changes nothing', async () => {
    let telephony!: ScriptedTelephony;
    // Held: answered at once, the final callback only when the test releases it.
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      telephony: (s) => (telephony = new ScriptedTelephony(s, { minDurationMs: 0, maxDurationMs: 0, manual: true })),
      settings: { callTimeoutMs: 1_000, callMaxDurationMs: 1_500 },
    });
    try {
      const numbers = mockNumbers('answered', 2);
      const id = await createCampaign(pg.store, { phoneNumbers: numbers, maxConcurrentCalls: 2 });
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed', 15_000);
      const calls = [...(await campaignLog(pg.store, id)).calls.values()];
      const cut = { type: 'CallCompleted', data: { attempt: 1, providerCallId: null, durationMs: null, endReason: 'max_duration' } };
      for (const { callId } of calls) {
        expect((await eventsOf(callId)).map((e) => e.type)).toEqual(['CallScheduled', 'CallAttempted', 'CallAnswered', 'CallCompleted']);
        expect((await eventsOf(callId)).at(-1)).toEqual(cut);
      }
      // The person hangs up hours later: the provider's real `completed` arrives after the cut.
      for (const { callId } of calls) telephony.release(callId);
      await telephony.close();
      for (const { callId } of calls) expect((await eventsOf(callId)).at(-1)).toEqual(cut);
      expect(telephony.dials).toHaveLength(2);
      expect(await campaignStatus(pg.store, id)).toBe('completed');
    } finally {
      await worker.close();
    }
  }, 30_000);
});
