import type { Clock } from '../../../src/application/ports/clock.port.js';
import { campaignStatus, createCampaign, startRunner, useTestStore, waitFor } from '../../support/dialer-harness.js';
import { attemptOrder, campaignLog } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

const pg = useTestStore();

describe('retry-first (DESIGN §6.3)', () => {
  it('dials a due retry before the next never-attempted number', async () => {
    const used = new Set<string>();
    const [retried] = mockNumbers('busyThenAnswered', 1, used) as [string];
    const fresh = mockNumbers('answered', 4, used);
    const [b, c, d, e] = fresh as [string, string, string, string];
    // The test delivers each outcome and moves the clock, so the order does not hang on timing.
    let now = Date.parse('2026-11-23T15:00:00.000Z');
    const clock: Clock = { now: () => new Date(now) };
    let telephony: ScriptedTelephony | undefined;
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      clock,
      telephony: (s) => (telephony = new ScriptedTelephony(s, { minDurationMs: 0, maxDurationMs: 0, clock, manual: true })),
    });
    const dialed = async (n: number) => waitFor(`${n} attempts`, async () => attemptOrder(await campaignLog(pg.store, id)).length === n);
    const callOf = (number: string) => telephony!.dials.find((dial) => dial.phoneNumber === number)!.callId;
    let id = '';
    try {
      id = await createCampaign(pg.store, {
        phoneNumbers: [retried, ...fresh],
        maxConcurrentCalls: 1,
        retryPolicy: { maxRetries: 2, initialDelayMs: 60_000, backoffMultiplier: 1, maxDelayMs: 60_000 },
      });
      await dialed(1);
      telephony!.release(callOf(retried)); // busy: a retry is due in a minute
      await dialed(2); // not due yet, so the slot goes to the next new number
      now += 61_000; // the retry falls due while that call runs
      telephony!.release(callOf(b));
      await dialed(3);
      expect(attemptOrder(await campaignLog(pg.store, id))).toEqual([`${retried}#1`, `${b}#1`, `${retried}#2`]);
      for (const number of [retried, c, d, e]) {
        await waitFor(`a held dial of ${number}`, () => telephony!.dials.filter((dial) => dial.phoneNumber === number).length > 0);
        telephony!.release(telephony!.dials.filter((dial) => dial.phoneNumber === number).at(-1)!.callId);
      }
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed');
      expect(attemptOrder(await campaignLog(pg.store, id))).toEqual([`${retried}#1`, `${b}#1`, `${retried}#2`, `${c}#1`, `${d}#1`, `${e}#1`]);
    } finally {
      await worker.close();
    }
  }, 30_000);
});
