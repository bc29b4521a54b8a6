import { verifyLog } from '../../../src/application/audit/verify-log.js';
import type { DialRequest, Telephony } from '../../../src/application/ports/telephony.port.js';
import { ProviderRateLimitedError } from '../../../src/application/ports/telephony.port.js';
import { memoryDialRateLimiter } from '../../../src/infrastructure/pacing/dial-rate-limiters.js';
import { campaignStatus, createCampaign, startRunner, useTestStore, waitFor } from '../../support/dialer-harness.js';
import { attemptOrder, campaignLog } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

const pg = useTestStore();
const used = new Set<string>();

/** The provider as the dialer sees it, with every request's time kept; it may push back first. */
class RecordingTelephony implements Telephony {
  readonly requests: number[] = [];
  readonly pushedBack = new Map<string, number>();
  constructor(
    private readonly inner: Telephony,
    private readonly pushBacksPerCall = 0,
  ) {}
  async dial(request: DialRequest): Promise<{ providerCallId: string }> {
    this.requests.push(performance.now());
    const seen = this.pushedBack.get(request.callId) ?? 0;
    if (seen < this.pushBacksPerCall) {
      this.pushedBack.set(request.callId, seen + 1);
      throw new ProviderRateLimitedError('429 Too Many Requests (20429)', 50);
    }
    return this.inner.dial(request);
  }
}

/** The most requests any rolling one-second window holds. */
const busiestSecond = (times: readonly number[]): number => {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i += 1) {
    while (sorted[i]! - sorted[j]! >= 1_000) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

describe('calls per second (DESIGN §7.3, invariant 11) in the running dialer', () => {
  it('never sends more dial requests in a second than the budget, whatever the cap allows', async () => {
    let telephony: RecordingTelephony | undefined;
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      pacing: memoryDialRateLimiter(4),
      telephony: (s) => (telephony = new RecordingTelephony(new ScriptedTelephony(s, { minDurationMs: 5, maxDurationMs: 10 }))),
    });
    try {
      const id = await createCampaign(pg.store, { phoneNumbers: mockNumbers('answered', 14, used), maxConcurrentCalls: 10 });
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed', 20_000);
      expect(telephony!.requests).toHaveLength(14);
      expect(busiestSecond(telephony!.requests)).toBeLessThanOrEqual(4);
      // The budget, not the cap, set the pace: 14 requests at 4 per second span at least three seconds.
      expect(telephony!.requests.at(-1)! - telephony!.requests[0]!).toBeGreaterThanOrEqual(2_500);
      // Proved from the log too: each attempt carries the budget it took its token from, stamped
      // when it did; the calls that found no token waited visibly, without their slot.
      const log = await campaignLog(pg.store, id);
      const attempted = log.events.filter((e) => e.type === 'CallAttempted');
      expect(attempted.map((e) => e.data)).toEqual(attempted.map(() => ({ attempt: 1, rate: { count: 4, windowMs: 1_000 } })));
      const waits = (await pg.store.readStream(`dialer-${id}`)).filter((e) => e.type === 'DialEnded' && (e.data as { waitingFor?: string }).waitingFor === 'rate_limit');
      expect(waits.length).toBeGreaterThan(0);
      expect(waits.map((e) => e.data)).toEqual(waits.map(() => expect.objectContaining({ outcome: 'deferred', terminal: false, retryDueAt: expect.any(String) })));
      const report = await verifyLog(pg.store, { campaignIds: [id], options: { maxCallsPerSecond: 4 } });
      expect(report.violations).toEqual([]);
    } finally {
      await worker.close();
    }
  }, 30_000);

  it('does not count a provider push-back as an attempt: the same attempt goes again and the stats stay exact', async () => {
    let telephony: RecordingTelephony | undefined;
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      pacing: memoryDialRateLimiter(null),
      telephony: (s) => (telephony = new RecordingTelephony(new ScriptedTelephony(s, { minDurationMs: 5, maxDurationMs: 10 }), 2)),
    });
    try {
      const numbers = mockNumbers('answered', 5, used);
      const id = await createCampaign(pg.store, { phoneNumbers: numbers, maxConcurrentCalls: 5 });
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed', 20_000);
      const log = await campaignLog(pg.store, id);
      expect(attemptOrder(log).sort()).toEqual(numbers.map((n) => `${n}#1`).sort());
      expect([...log.outcomes.values()]).toEqual(numbers.map(() => ['answered']));
      expect(telephony!.requests).toHaveLength(15);
    } finally {
      await worker.close();
    }
  }, 30_000);
});
