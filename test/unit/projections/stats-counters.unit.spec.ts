import type { CallEvent } from '../../../src/domain/call/call.events.js';
import { foldCallRun, toStats, zeroCounters } from '../../../src/projections/campaign-stats/stats-counters.js';
import { chunks, mapBounded } from '../../../src/projections/shared/segments.js';

const f = (id: string, event: CallEvent) => ({ id, event, version: 0, at: 't' });
const scheduled = (id: string, campaignId: string | null): CallEvent => ({ type: 'CallScheduled', data: { callId: id, campaignId, phoneNumber: '+1' } });

describe('foldCallRun', () => {
  it('moves each call between counters and counts attempts and retries', () => {
    const { changed, deltas } = foldCallRun({ tracked: new Map(), campaigns: new Map([['c1', { cancelled: false }]]) }, [
      f('a', scheduled('a', 'c1')),
      f('a', { type: 'CallAttempted', data: { attempt: 1 } }),
      f('a', { type: 'CallFailed', data: { attempt: 1, outcome: 'busy', providerCallId: null, willRetry: true } }),
      f('a', { type: 'CallRetryScheduled', data: { attempt: 2, dueAt: 't' } }),
      f('a', { type: 'CallAttempted', data: { attempt: 2 } }),
      f('a', { type: 'CallCompleted', data: { attempt: 2, providerCallId: null, durationMs: null } }),
    ]);
    expect(changed).toEqual([{ id: 'a', campaignId: 'c1', status: 'completed' }]);
    expect(deltas.get('c1')).toEqual({ ...zeroCounters(), pending: -1, completed: 1, attempts: 2, retries_attempted: 1 });
  });

  it('tracks a call scheduled after its campaign was cancelled as cancelled, and ignores calls outside campaigns', () => {
    const { changed, deltas } = foldCallRun({ tracked: new Map(), campaigns: new Map([['c1', { cancelled: true }]]) }, [
      f('a', scheduled('a', 'c1')),
      f('b', scheduled('b', null)),
      f('b', { type: 'CallAttempted', data: { attempt: 1 } }),
      f('c', { type: 'CallAttempted', data: { attempt: 1 } }),
    ]);
    expect(changed).toEqual([{ id: 'a', campaignId: 'c1', status: 'cancelled' }]);
    expect(deltas.size).toBe(0);
  });

  it('reports pending as never-attempted plus waiting for a retry', () => {
    expect(toStats({ ...zeroCounters(), total: 5, pending: 2, retry_scheduled: 1, in_progress: 2, attempts: 3 })).toEqual({
      total: 5, pending: 3, inProgress: 2, completed: 0, failed: 0, cancelled: 0, skipped: 0, retriesAttempted: 0, attempts: 3,
    });
  });
});

describe('segment helpers', () => {
  it('chunks keep order and sizes', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });

  it('mapBounded keeps input order and never exceeds its limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight -= 1;
      return n * 2;
    });
    expect(out).toEqual([10, 2, 8, 4, 6]);
    expect(peak).toBe(2);
  });
});
