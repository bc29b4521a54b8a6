import { GlobalSlots } from '../../../../src/application/pacing/global-slots.js';
import { systemClock } from '../../../../src/application/ports/clock.port.js';
import { InMemoryEventStore } from '../../../support/in-memory-event-store.js';

const slotsOn = (store: InMemoryEventStore, cap: number, segmentEvents?: number) => new GlobalSlots(store, cap, { owner: 'w', clock: systemClock }, segmentEvents);

describe('GlobalSlots, one process’s writer of the ledger', () => {
  it('writes a demand asked back before the change before it was written (the last asked wins)', async () => {
    const store = new InMemoryEventStore();
    const slots = slotsOn(store, 2);
    await slots.demand({ campaignId: 'a', waiting: true, weight: 1 });
    const off = slots.demand({ campaignId: 'a', waiting: false, weight: 1 });
    const on = slots.demand({ campaignId: 'a', waiting: true, weight: 1 });
    await Promise.all([off, on]);
    expect(slots.isWaiting('a')).toBe(true);
    const other = slotsOn(store, 2);
    await other.catchUp();
    expect(other.isWaiting('a')).toBe(true);
  });

  it('never grants past the cap, whichever process asks, and reuses an open grant of the same slot', async () => {
    const store = new InMemoryEventStore();
    const [p1, p2] = [slotsOn(store, 3, 4), slotsOn(store, 3, 4)];
    await Promise.all([p1.catchUp(), p2.catchUp()]);
    const asks = ['x', 'y', 'z', 'w'].flatMap((callId) => [p1, p2].map((p) => p.grant({ campaignId: 'a', callId, attempt: 1, weight: 1 })));
    const verdicts = await Promise.all(asks);
    expect(verdicts.filter((v) => v === 'granted')).toHaveLength(3);
    await p2.catchUp();
    expect(p2.state.inFlight).toBe(3);
    // Segments of 4 events: a reader from scratch finds the same open grants in the latest one.
    await p1.release([{ callId: 'x', attempt: 1 }, { callId: 'y', attempt: 1 }]);
    await p1.grant({ campaignId: 'b', callId: 'v', attempt: 1, weight: 1 });
    const fresh = slotsOn(store, 3, 4);
    await fresh.catchUp();
    await p2.catchUp();
    expect(fresh.state).toEqual(p1.state);
    expect(p2.state).toEqual(p1.state);
    expect(fresh.grantsOf('b')).toEqual([{ callId: 'v', attempt: 1 }]);
  });
});
