import { randomUUID } from 'node:crypto';
import { handleNumberCommand } from '../../../src/application/command-handling/domain-handlers.js';
import type { Clock } from '../../../src/application/ports/clock.port.js';
import type { RecordedEvent } from '../../../src/application/ports/event-store.port.js';
import { dialerStream } from '../../../src/domain/dialer/dialer.events.js';
import { numberStream } from '../../../src/domain/number/number.events.js';
import type { Coordination } from '../../../src/application/ports/coordination.port.js';
import type { FrequencyCap } from '../../../src/domain/number/frequency-cap.js';
import { RedisCoordination } from '../../../src/infrastructure/redis/redis-coordination.js';
import {
  campaignStatus, createCampaign, sleep, startRunner, TEST_REDIS_URL, testContext, useTestStore, waitFor, type TestRunner,
} from '../../support/dialer-harness.js';
import { attemptOrder, campaignLog } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

const pg = useTestStore();
/** The do-not-call list and the caps outlive a test: every test dials numbers of its own. */
const used = new Set<string>(['+12125550100', '+12135550100']);

const settableClock = (iso: string): Clock & { set(iso: string): void } => {
  let now = Date.parse(iso);
  return { now: () => new Date(now), set: (next) => (now = Date.parse(next)) };
};

const runner = (clock?: Clock, frequencyCap?: FrequencyCap, coordination?: Coordination): Promise<TestRunner> =>
  startRunner({
    databaseUrl: pg.db.url,
    ...(coordination ? { coordination } : {}),
    ...(clock ? { clock } : {}),
    ...(frequencyCap ? { frequencyCap } : {}),
    telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 5, maxDurationMs: 20, ...(clock ? { clock } : {}) }),
  });

const addToDnc = (phoneNumber: string) =>
  handleNumberCommand(pg.store, { type: 'AddToDoNotCall', phoneNumber, reason: 'asked', source: 'api', expiresAt: null, now: new Date().toISOString() }, testContext(), {
    maxRetries: 8,
  });

const numberEvents = (phoneNumber: string): Promise<RecordedEvent[]> => pg.store.readStream(numberStream(phoneNumber)).catch(() => []);

describe('recipient hours in the running dialer (invariant 8), with an injected clock', () => {
  // Monday 2026-11-23 13:30 UTC: 08:30 in New York, 05:30 in Los Angeles.
  const EARLY = '2026-11-23T13:30:00.000Z';
  const LA_OPENS = '2026-11-23T16:00:00.000Z';

  it('dials New York at once, holds Los Angeles until 08:00 there, then finishes', async () => {
    const clock = settableClock(EARLY);
    const worker = await runner(clock);
    try {
      const [ny, la] = ['+12125550100', '+12135550100'];
      const compliance = { recipientHours: { start: '08:00', end: '21:00' }, complianceRules: 'builtin' as const };
      const id = await createCampaign(pg.store, { phoneNumbers: [la!, ny!], maxConcurrentCalls: 2, compliance });
      await waitFor('New York to be dialed', async () => attemptOrder(await campaignLog(pg.store, id)).length === 1);
      const dialer = await pg.store.readStream(dialerStream(id));
      const deferred = dialer.find((e) => e.type === 'DialDeferred');
      expect(deferred?.data).toMatchObject({ phoneNumber: la, waitingFor: 'recipient_hours', until: LA_OPENS });
      expect(dialer.find((e) => e.type === 'DialStarted')?.data).toMatchObject({
        phoneNumber: ny,
        decision: { recipient: { zones: [{ zone: 'America/New_York', source: 'prefix' }] } },
      });
      await sleep(200);
      worker.runner.tick();
      await sleep(200);
      expect(attemptOrder(await campaignLog(pg.store, id))).toEqual([`${ny}#1`]);

      clock.set(LA_OPENS);
      worker.runner.tick();
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed');
      expect(attemptOrder(await campaignLog(pg.store, id))).toEqual([`${ny}#1`, `${la}#1`]);
    } finally {
      await worker.close();
    }
  }, 30_000);
});

describe('do-not-call (invariant 9)', () => {
  it('skips listed numbers, records why, and completes the campaign with them counted as skipped', async () => {
    const worker = await runner();
    try {
      const [listed, other] = mockNumbers('answered', 2, used);
      await addToDnc(listed!);
      const id = await createCampaign(pg.store, { phoneNumbers: [listed!, other!], maxConcurrentCalls: 2 });
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed', 20_000);
      const log = await campaignLog(pg.store, id);
      expect(attemptOrder(log)).toEqual([`${other}#1`]);
      const skipped = [...log.calls.values()].find((call) => call.phoneNumber === listed)!;
      expect(skipped.events.map((e) => e.type)).toEqual(['CallScheduled', 'CallSkipped']);
      expect(skipped.events[1]!.data).toEqual({ attempt: 1, reason: 'dnc' });
      const completed = (await pg.store.readStream(`campaign-${id}`)).find((e) => e.type === 'CampaignCompleted');
      expect(completed?.data).toEqual({ completed: 1, failed: 0, skipped: 1 });
    } finally {
      await worker.close();
    }
  }, 30_000);

  it('never dials a number after its do-not-call add answered, however the add and the dial race', async () => {
    const worker = await runner();
    try {
      const numbers = mockNumbers('busyAlways', 40, used);
      const retryPolicy = { maxRetries: 3, initialDelayMs: 20, backoffMultiplier: 1, maxDelayMs: 20 };
      const id = await createCampaign(pg.store, { phoneNumbers: numbers, maxConcurrentCalls: 10, retryPolicy });
      // Each number is listed at a random moment while the campaign dials and retries it.
      await waitFor('the campaign under way', async () => attemptOrder(await campaignLog(pg.store, id)).length >= 10);
      await Promise.all(
        numbers.map(async (phoneNumber) => {
          await sleep(Math.random() * 400);
          await addToDnc(phoneNumber);
        }),
      );
      await waitFor('the campaign to end', async () => ['completed', 'failed'].includes(await campaignStatus(pg.store, id)), 20_000);
      let raced = 0;
      for (const phoneNumber of numbers) {
        const events = await numberEvents(phoneNumber);
        const listedAt = events.findIndex((e) => e.type === 'NumberAddedToDoNotCall');
        expect(listedAt).toBeGreaterThanOrEqual(0);
        // Every claim after the listing would be a dial after the add answered: there is none.
        expect(events.slice(listedAt + 1).filter((e) => e.type === 'NumberDialClaimed')).toEqual([]);
        if (listedAt > 0) raced += 1;
      }
      // The number's stream orders claims and listings: every attempt made was claimed before its listing.
      const log = await campaignLog(pg.store, id);
      for (const call of log.calls.values()) {
        const events = await numberEvents(call.phoneNumber);
        const listedAt = events.findIndex((e) => e.type === 'NumberAddedToDoNotCall');
        for (const attempted of call.events.filter((e) => e.type === 'CallAttempted')) {
          const { attempt } = attempted.data as { attempt: number };
          const claimedAt = events.findIndex((e) => e.type === 'NumberDialClaimed' && (e.data as { callId: string; attempt: number }).callId === call.callId && (e.data as { attempt: number }).attempt === attempt);
          expect({ attempt, claimed: claimedAt >= 0 && claimedAt < listedAt }).toEqual({ attempt, claimed: true });
        }
      }
      // The race happened: some numbers were dialed before their listing, some were skipped.
      expect(raced).toBeGreaterThan(0);
      expect([...log.calls.values()].some((call) => call.events.some((e) => e.type === 'CallSkipped'))).toBe(true);
    } finally {
      await worker.close();
    }
  }, 40_000);
});

describe('frequency caps (invariant 10)', () => {
  it('holds one attempt per number per window across two campaigns of one subject on two workers', async () => {
    const cap = { limit: 1, windowMs: 24 * 60 * 60_000, source: 'FREQUENCY_CAP' };
    // Two workers sharing Redis leases, as two processes would: each campaign is dialed by one of them.
    const keyPrefix = `dialstream-test-${randomUUID()}:`;
    const [first, second] = await Promise.all(
      [0, 1].map(() => runner(undefined, cap, new RedisCoordination({ url: TEST_REDIS_URL, keyPrefix }))),
    ) as [TestRunner, TestRunner];
    try {
      const numbers = mockNumbers('answered', 12, used);
      const compliance = { recipientHours: null, complianceRules: 'none' as const, subject: `renewals-${randomUUID()}` };
      const ids = await Promise.all([0, 1].map(() => createCampaign(pg.store, { phoneNumbers: numbers, maxConcurrentCalls: 6, compliance })));
      // Each worker is offered one campaign, but both hear every start: which takes which is a race.
      await Promise.all([first.runner.consider(ids[0]!), second.runner.consider(ids[1]!)]);
      await waitFor('both campaigns to be dialed', () => first.runner.owned.length + second.runner.owned.length === 2);
      const attempted = async () => {
        const logs = await Promise.all(ids.map((id) => campaignLog(pg.store, id)));
        return logs.flatMap((log) => attemptOrder(log));
      };
      await waitFor('every number to be dialed once', async () => (await attempted()).length >= numbers.length);
      await sleep(500);
      const attempts = await attempted();
      expect(attempts).toHaveLength(numbers.length);
      expect(new Set(attempts.map((a) => a.split('#')[0])).size).toBe(numbers.length);
      for (const phoneNumber of numbers) {
        const claims = (await numberEvents(phoneNumber)).filter((e) => e.type === 'NumberDialClaimed');
        expect(claims).toHaveLength(1);
      }
      // The calls that lost wait for the cap, with the time it lets go.
      const ends = (await Promise.all(ids.map((id) => pg.store.readStream(dialerStream(id))))).flat().filter((e) => e.type === 'DialEnded');
      const deferred = ends.filter((e) => (e.data as { outcome: string }).outcome === 'deferred');
      expect(deferred).toHaveLength(numbers.length);
      for (const end of deferred) expect(Date.parse((end.data as { retryDueAt: string }).retryDueAt)).toBeGreaterThan(Date.now() + 23 * 60 * 60_000);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  }, 40_000);
});
