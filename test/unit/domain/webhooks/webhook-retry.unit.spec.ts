import { afterFailedDelivery } from '../../../../src/domain/webhooks/webhook-retry.js';
import { subscriptionWants } from '../../../../src/domain/webhooks/webhook-events.js';

const policy = { initialDelayMs: 1_000, maxDelayMs: 3_600_000, giveUpAfterMs: 86_400_000 };
const T0 = 1_800_000_000_000;

describe('afterFailedDelivery', () => {
  it('doubles the delay per failed try, from the initial delay', () => {
    expect([1, 2, 3, 4].map((n) => afterFailedDelivery(policy, n, T0, T0))).toEqual([
      { kind: 'retry', atMs: T0 + 1_000 },
      { kind: 'retry', atMs: T0 + 2_000 },
      { kind: 'retry', atMs: T0 + 4_000 },
      { kind: 'retry', atMs: T0 + 8_000 },
    ]);
  });

  it('caps the delay at maxDelayMs', () => {
    expect(afterFailedDelivery(policy, 40, T0, T0)).toEqual({ kind: 'retry', atMs: T0 + 3_600_000 });
  });

  it('never schedules past the give-up deadline, and parks once it is reached', () => {
    const almost = T0 + 86_400_000 - 10;
    expect(afterFailedDelivery(policy, 30, T0, almost)).toEqual({ kind: 'retry', atMs: T0 + 86_400_000 });
    expect(afterFailedDelivery(policy, 31, T0, T0 + 86_400_000)).toEqual({ kind: 'park' });
  });
});

describe('subscriptionWants', () => {
  it('matches named types, or every type with "*", but never the dialer’s internal streams', () => {
    expect(subscriptionWants(['CallCompleted'], { type: 'CallCompleted', stream: 'call-1' })).toBe(true);
    expect(subscriptionWants(['CallCompleted'], { type: 'CallFailed', stream: 'call-1' })).toBe(false);
    expect(subscriptionWants(['*'], { type: 'CallFailed', stream: 'call-1' })).toBe(true);
    expect(subscriptionWants(['*'], { type: 'DialStarted', stream: 'dialer-1' })).toBe(false);
  });
});
