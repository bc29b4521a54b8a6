import { toNewEvent } from '../../../src/application/command-handling/command-context.js';
import { GlobalSlots } from '../../../src/application/pacing/global-slots.js';
import { systemClock } from '../../../src/application/ports/clock.port.js';
import { dialerStream, type DialerEvent } from '../../../src/domain/dialer/dialer.events.js';
import { campaignCommand, campaignStatus, createCampaign, startRunner, testContext, useTestStore, waitFor } from '../../support/dialer-harness.js';
import { campaignCalls, campaignLog } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';
import { readWholeLog, replayGlobal } from '../../support/global-log.js';

const pg = useTestStore();

const attempts = async (id: string) => (await campaignLog(pg.store, id)).events.filter((e) => e.type === 'CallAttempted').length;

describe('a global grant is not held by a slot that cannot dial (MAX_CONCURRENT_CALLS)', () => {
  it('gives back the grants of slots parked by a pause, so another campaign dials in them, and grants them again on resume', async () => {
    const cap = 2;
    const view = new GlobalSlots(pg.store, cap, { owner: 'test', clock: systemClock });
    // A dialer took both global slots for a campaign (DialStarted, then the grant) and went away before
    // recording the attempts; the campaign is paused meanwhile. Its slots are parked, never dialed.
    const paused = await createCampaign(pg.store, { phoneNumbers: mockNumbers('answered', 2), maxConcurrentCalls: 2 });
    const dials = (await campaignCalls(pg.store, paused)).map((call) => ({ ...call, attempt: 1 }));
    const left: DialerEvent[] = [{ type: 'DialerLeaseAcquired', data: { owner: 'gone' } }, ...dials.map((dial): DialerEvent => ({ type: 'DialStarted', data: dial }))];
    await pg.store.appendToStream(dialerStream(paused), left.map((e) => toNewEvent(e, testContext())), { expectedVersion: 'no_stream' });
    for (const { callId } of dials) expect(await view.grant({ campaignId: paused, callId, attempt: 1, weight: 1 })).toBe('granted');
    await campaignCommand(pg.store, { type: 'PauseCampaign', campaignId: paused });

    const worker = await startRunner({
      databaseUrl: pg.db.url,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 20, maxDurationMs: 40 }),
      globalCap: cap,
      settings: { callTimeoutMs: 500 },
    });
    try {
      await worker.runner.consider(paused);
      expect(worker.runner.snapshot(paused)?.state.inFlight.size).toBe(2);
      // Past the ring timeout the parked slots are looked at: still not dialable, and their grants go back.
      await waitFor('the paused campaign to give its grants back', async () => (await view.catchUp(), view.grantsOf(paused).length === 0), 5_000);
      expect(worker.runner.snapshot(paused)?.state.inFlight.size).toBe(2);
      // Another campaign gets the whole cap while the first stays paused (held for ever before).
      const other = await createCampaign(pg.store, { phoneNumbers: mockNumbers('answered', 6), maxConcurrentCalls: 2 });
      await waitFor('the other campaign to end', async () => (await campaignStatus(pg.store, other)) === 'completed', 15_000);
      expect(await attempts(paused)).toBe(0);
      expect(worker.runner.snapshot(paused)?.state.inFlight.size).toBe(2);
      // Resumed: the parked slots are granted again before they dial, and the campaign ends.
      await campaignCommand(pg.store, { type: 'ResumeCampaign', campaignId: paused });
      await waitFor('the paused campaign to end', async () => (await campaignStatus(pg.store, paused)) === 'completed', 15_000);
      expect(await attempts(paused)).toBe(2);
      await waitFor('every grant to be released', async () => (await view.catchUp(), view.state.inFlight === 0), 5_000);
      const replay = replayGlobal(await readWholeLog(pg.store), cap);
      expect(replay.violations).toEqual([]);
      expect(replay.ledger.filter((e) => e.type === 'grant' && e.campaignId === paused)).toHaveLength(4);
    } finally {
      await worker.close();
    }
  }, 60_000);
});
