import type { Clock } from '../../../src/application/ports/clock.port.js';
import type { DialRateLimiter } from '../../../src/application/ports/pacing.port.js';
import type { Schedule } from '../../../src/domain/calendar/schedule.js';
import { campaignCommand, campaignStatus, createCampaign, sleep, startRunner, useTestStore, waitFor } from '../../support/dialer-harness.js';
import { attemptOrder, campaignLog } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

/** Weekdays 09:00–17:00 in New York; 2026-11-23 is a Monday (EST, UTC−5). */
const NEW_YORK_OFFICE: Schedule = {
  timezone: 'America/New_York',
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
  blackoutDates: [],
};
const MONDAY_4PM = '2026-11-23T21:00:00.000Z';
const MONDAY_NIGHT = '2026-11-24T03:00:00.000Z';
const TUESDAY_OPENING = '2026-11-24T14:00:00.000Z';

const settableClock = (iso: string): Clock & { set(iso: string): void } => {
  let now = Date.parse(iso);
  return { now: () => new Date(now), set: (next) => (now = Date.parse(next)) };
};

const pg = useTestStore();

const attempts = async (id: string) => attemptOrder(await campaignLog(pg.store, id));
const settle = () => sleep(300);

describe('calling hours (DESIGN §6.2), with an injected clock', () => {
  it('makes no attempt while the window is closed, reports when it opens, and dials once it does', async () => {
    const clock = settableClock(MONDAY_NIGHT);
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      clock,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40, clock }),
    });
    try {
      const id = await createCampaign(pg.store, { phoneNumbers: mockNumbers('answered', 3), maxConcurrentCalls: 2, schedule: NEW_YORK_OFFICE });
      await waitFor('the dialer to take the campaign', () => worker.runner.owned.includes(id));
      await settle();
      worker.runner.tick();
      await settle();
      expect(await attempts(id)).toEqual([]);
      expect(worker.runner.snapshot(id)?.nextWindowOpensAt).toBe(TUESDAY_OPENING);

      clock.set(TUESDAY_OPENING);
      worker.runner.tick();
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed');
      expect(await attempts(id)).toHaveLength(3);
    } finally {
      await worker.close();
    }
  }, 30_000);

  it('dials a retry that fell due while the window was closed before new numbers when it opens', async () => {
    const clock = settableClock(MONDAY_4PM);
    const used = new Set<string>();
    const [retried, first, later] = [...mockNumbers('busyThenAnswered', 1, used), ...mockNumbers('answered', 2, used)] as [string, string, string];
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      clock,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40, clock }),
    });
    try {
      const retryPolicy = { maxRetries: 1, initialDelayMs: 60 * 60_000, backoffMultiplier: 1, maxDelayMs: 60 * 60_000 };
      const id = await createCampaign(pg.store, { phoneNumbers: [retried, first], maxConcurrentCalls: 1, schedule: NEW_YORK_OFFICE, retryPolicy });
      await waitFor('the first two attempts', async () => (await attempts(id)).length === 2 && (await campaignLog(pg.store, id)).outcomes.size === 2);
      // The retry falls due at 17:00 local, as the window closes; a number added meanwhile waits too.
      clock.set(MONDAY_NIGHT);
      await campaignCommand(pg.store, { type: 'AddNumbers', campaignId: id, calls: [{ callId: crypto.randomUUID(), phoneNumber: later }] });
      await settle();
      worker.runner.tick();
      await settle();
      expect(await attempts(id)).toEqual([`${retried}#1`, `${first}#1`]);

      clock.set(TUESDAY_OPENING);
      worker.runner.tick();
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed');
      expect(await attempts(id)).toEqual([`${retried}#1`, `${first}#1`, `${retried}#2`, `${later}#1`]);
    } finally {
      await worker.close();
    }
  }, 30_000);
  it('records no attempt when the window closes while its calls-per-second token is taken: it waits for the next opening', async () => {
    const clock = settableClock(MONDAY_4PM);
    // The token's round trip outlasts the window: the clock passes 17:00 before the answer comes.
    let tokens = 0;
    const pacing: DialRateLimiter = {
      budget: null,
      tryAcquire: async () => {
        if ((tokens += 1) === 1) clock.set(MONDAY_NIGHT);
        return { ok: true };
      },
      slowDown: async () => {},
    };
    const worker = await startRunner({
      databaseUrl: pg.db.url,
      clock,
      pacing,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40, clock }),
    });
    try {
      const id = await createCampaign(pg.store, { phoneNumbers: mockNumbers('answered', 1), maxConcurrentCalls: 1, schedule: NEW_YORK_OFFICE });
      await waitFor('the first token to be taken', () => tokens >= 1);
      await settle();
      worker.runner.tick();
      await settle();
      expect(await attempts(id)).toEqual([]);

      clock.set(TUESDAY_OPENING);
      worker.runner.tick();
      await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed');
      const attempted = (await campaignLog(pg.store, id)).events.filter((e) => e.type === 'CallAttempted');
      // Stamped with the dialer's clock (the instant verify checks against the schedule).
      expect(attempted.map((e) => e.metadata.recordedAt)).toEqual([TUESDAY_OPENING]);
    } finally {
      await worker.close();
    }
  }, 30_000);
});
