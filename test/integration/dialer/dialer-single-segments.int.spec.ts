import { randomUUID } from 'node:crypto';
import { handleCallCommand } from '../../../src/application/command-handling/domain-handlers.js';
import { InProcessCoordination } from '../../../src/application/dialer/in-process-coordination.js';
import { StreamNotFoundError, type RecordedEvent } from '../../../src/application/ports/event-store.port.js';
import { dialerSegmentStream } from '../../../src/domain/dialer/dialer.events.js';
import { startRunner, testContext, useTestStore, waitFor } from '../../support/dialer-harness.js';
import { campaignLog } from '../../support/dialer-log.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

const pg = useTestStore();
const SEGMENT_EVENTS = 6;
const CAP = 2;

const segments = async (): Promise<RecordedEvent[][]> => {
  const found: RecordedEvent[][] = [];
  for (let n = 0; ; n += 1) {
    try {
      found.push(await pg.store.readStream(dialerSegmentStream('single', n)));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return found;
      throw error;
    }
  }
};

describe('the single calls’ dialer stream is cut into segments, so it does not grow with every call ever made', () => {
  it('rolls to a new segment with the open state carried over; a takeover reads only the last one and goes on from it', async () => {
    const coordination = new InProcessCoordination();
    const first = await startRunner({
      databaseUrl: pg.db.url,
      coordination,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 10, maxDurationMs: 40 }),
      // The lost callback stays in flight across every roll: its ring clock is longer than the test.
      settings: { dialerSegmentEvents: SEGMENT_EVENTS, defaultMaxConcurrentCalls: CAP, callTimeoutMs: 60_000 },
    });
    const [lost] = mockNumbers('lostCallback', 1) as [string];
    const answered = mockNumbers('answered', 8);
    const ids = [lost, ...answered].map(() => randomUUID());
    for (const [i, phoneNumber] of [lost, ...answered].entries()) {
      await handleCallCommand(pg.store, { type: 'ScheduleCall', callId: ids[i]!, campaignId: null, phoneNumber }, testContext());
    }
    await waitFor('every answered single call to end', async () => {
      const log = await campaignLog(pg.store, { singleCalls: ids });
      return ids.slice(1).every((callId) => log.outcomes.get(callId)?.includes('answered'));
    });
    await first.close();

    const written = await segments();
    expect(written.length).toBeGreaterThanOrEqual(3);
    for (const segment of written.slice(0, -1)) expect(segment.at(-1)!.type).toBe('DialerSegmentClosed');
    for (const segment of written.slice(1)) expect(segment[0]!.type).toBe('DialerSegmentOpened');
    // One decision appends at most an end and a start per slot before the roll.
    for (const segment of written) expect(segment.length).toBeLessThanOrEqual(SEGMENT_EVENTS + 2 * CAP + 1);
    const log = await campaignLog(pg.store, { singleCalls: ids });
    expect(log.maxInFlight).toBeLessThanOrEqual(CAP);
    expect(log.duplicateAttempts).toEqual([]);

    const second = await startRunner({
      databaseUrl: pg.db.url,
      coordination,
      telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 10, maxDurationMs: 40 }),
      settings: { dialerSegmentEvents: SEGMENT_EVENTS, defaultMaxConcurrentCalls: CAP, callTimeoutMs: 1_000 },
    });
    try {
      await second.runner.consider('single');
      // A dial whose outcome the first owner saw but had not recorded yet is ended by the first decision.
      await waitFor('the recorded outcomes to free their slots', () => second.runner.snapshot('single')!.state.inFlight.size === 1);
      const state = second.runner.snapshot('single')!.state;
      expect([...state.inFlight.keys()]).toEqual([ids[0]]);
      expect(state.completed).toBe(8);
      expect(state.queue.length).toBeLessThan(ids.length);
      // The takeover was recorded in the segment it read, the last one (it may have rolled again since).
      const takeover = (await segments()).findIndex((events) => events.some((e) => e.type === 'DialerLeaseAcquired' && e.data.owner === second.runner.settings.owner));
      expect(takeover).toBeGreaterThanOrEqual(written.length - 1);
      // The dial carried through the segments is still timed and settled by the new owner.
      await waitFor('the lost callback to time out', async () => (await campaignLog(pg.store, { singleCalls: ids })).outcomes.get(ids[0]!)?.[0] === 'timeout');
    } finally {
      await second.close();
    }
  }, 45_000);
});
