import fc from 'fast-check';
import { callAt, emptyDialQueue, enqueueCalls, positionOf, queuedCalls, type DialQueue, type QueuedCall } from '../../../../src/domain/dialer/dial-queue.js';

/** Calls in every form the queue stores differently: packed whole, odd id, odd number, with contact fields. */
const POOL: readonly QueuedCall[] = [
  ...Array.from({ length: 40 }, (_, i): QueuedCall => ({ callId: `0b6c2d3e-4f50-4a61-8b72-${String(i).padStart(12, '0')}`, phoneNumber: `+1415200${String(i).padStart(4, '0')}` })),
  { callId: 'call-a', phoneNumber: '+14155550100' },
  { callId: 'ABCDEF01-2345-4678-9ABC-DEF012345678', phoneNumber: '+442071838750' },
  { callId: '00000000-0000-0000-0000-000000000000', phoneNumber: '+14155550101' },
  { callId: 'f0f0f0f0-0000-4000-8000-0000000000aa', phoneNumber: 'not e164' },
  { callId: 'f0f0f0f0-0000-4000-8000-0000000000bb', phoneNumber: '+999999999999999', name: 'Ada', timezone: 'America/New_York' },
  { callId: 'f0f0f0f0-0000-4000-8000-0000000000cc', phoneNumber: '+14155550102', variables: { plan: 'gold' } },
  // The lowercase form of an id queued above in upper case: another call id, so another call.
  { callId: 'abcdef01-2345-4678-9abc-def012345678', phoneNumber: '+442071838751' },
  // Ids that look like a UUID up to a point: an underscore for a hyphen, upper case at the end.
  { callId: '0b6c2d3e_4f50-4a61-8b72-000000000001', phoneNumber: '+14155550103' },
  { callId: '0b6c2d3e-4f50_4a61-8b72-000000000001', phoneNumber: '+14155550105' },
  { callId: 'abcdef01-2345-4678-9abc-DEF012345678', phoneNumber: '+14155550106' },
  // Numbers whose digits alone would not give the text back: a leading 0, more than 15 digits.
  { callId: 'f0f0f0f0-0000-4000-8000-0000000000dd', phoneNumber: '+014155550104' },
  { callId: 'f0f0f0f0-0000-4000-8000-0000000000ee', phoneNumber: '+9007199254740993' },
  // Ids alike in their last bytes, which place them in the index: each must still be found.
  ...Array.from({ length: 6 }, (_, i): QueuedCall => ({ callId: `${i}7a1b2c3-0000-4000-8000-00000000c0de`, phoneNumber: `+3361234567${i}` })),
];
/**
 * Ids never queued, each the packed form of an odd id's first bytes: a rejected id must leave no
 * trace that a later lookup (in a grown or forked copy too) could match.
 */
const NEVER_QUEUED = ['0b6c2d3e-0000-0000-0000-000000000000', '0b6c2d3e-4f50-0000-0000-000000000000', 'abcdef01-2345-4678-9abc-000000000000', 'call-b'];
/** The same id twice with another number: the first one queued wins. */
const CLASHING: QueuedCall = { callId: POOL[0]!.callId, phoneNumber: '+14155550199' };

describe('dial queue: calls in the order added, each call id once, stored compactly', () => {
  it('gives back every call exactly as queued, whatever form its id and number take', () => {
    const queue = enqueueCalls(emptyDialQueue(), POOL);
    expect(queuedCalls(queue)).toEqual(POOL);
    POOL.forEach((call, i) => expect(positionOf(queue, call.callId)).toBe(i));
    for (const id of ['0b6c2d3e-4f50-4a61-8b72-999999999999', ...NEVER_QUEUED]) expect(positionOf(queue, id)).toBeUndefined();
  });

  it('keeps the first place and number of a call id queued before or twice in a batch', () => {
    const first = enqueueCalls(emptyDialQueue(), [POOL[0]!, POOL[1]!, CLASHING]);
    expect(enqueueCalls(first, [CLASHING, POOL[1]!])).toBe(first);
    expect(enqueueCalls(first, [])).toBe(first);
    expect(queuedCalls(first)).toEqual([POOL[0], POOL[1]]);
    expect(callAt(first, 0).phoneNumber).toBe(POOL[0]!.phoneNumber);
  });

  it('answers as a plain array with a uniqueness check would, for any batches appended to any earlier queue (forks included)', () => {
    const batch = fc.array(fc.constantFrom(...POOL, CLASHING), { maxLength: 24 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), batch), { maxLength: 12 }), (steps) => {
        const history: Array<[DialQueue, QueuedCall[]]> = [[emptyDialQueue(), []]];
        for (const [pick, calls] of steps) {
          const [queue, model] = history[pick % history.length]!;
          const next = [...model];
          for (const call of calls) if (!next.some((c) => c.callId === call.callId)) next.push(call);
          history.push([enqueueCalls(queue, calls), next]);
        }
        for (const [queue, model] of history) {
          expect(queuedCalls(queue)).toEqual(model);
          for (const call of [...POOL, CLASHING]) {
            const at = model.findIndex((c) => c.callId === call.callId);
            expect(positionOf(queue, call.callId)).toBe(at < 0 ? undefined : at);
          }
          for (const id of NEVER_QUEUED) expect(positionOf(queue, id)).toBeUndefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('finds every call of a queue grown in batches through many sizes, and of forks taken along the way', () => {
    // Ids differing only in their first bytes share an index slot; the rest spread out.
    const id = (i: number): string =>
      i % 5 === 0 ? `${i.toString(16).padStart(8, '0')}-0000-4000-8000-0000000000f1` : `5e1ec7ed-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const calls = Array.from({ length: 600 }, (_, i): QueuedCall => ({ callId: id(i), phoneNumber: `+1${2_000_000_000 + i}` }));
    const snapshots: Array<[DialQueue, number]> = [];
    let queue = emptyDialQueue();
    for (let from = 0, size = 1; from < calls.length; from += size, size += 7) {
      queue = enqueueCalls(queue, calls.slice(from, from + size));
      snapshots.push([queue, Math.min(from + size, calls.length)]);
    }
    // Each fork adds a call of its own, then one the newer queues hold at another place.
    const forks = snapshots.map(([earlier, length], k): [DialQueue, QueuedCall[]] => {
      const added = [{ callId: `f0e1d2c3-0000-4000-8000-${k.toString(16).padStart(12, '0')}`, phoneNumber: `+4420${k}` }, ...calls.slice(length + 1, length + 2)];
      return [enqueueCalls(earlier, added), [...calls.slice(0, length), ...added]];
    });
    for (const [earlier, length] of snapshots) {
      expect(earlier.length).toBe(length);
      expect(queuedCalls(earlier)).toEqual(calls.slice(0, length));
    }
    expect(calls.map((call) => positionOf(queue, call.callId))).toEqual(calls.map((_, i) => i));
    for (const [fork, expected] of forks) {
      expect(queuedCalls(fork)).toEqual(expected);
      expect(calls.map((call) => positionOf(fork, call.callId))).toEqual(calls.map((call) => (expected.includes(call) ? expected.indexOf(call) : undefined)));
    }
  });
});
