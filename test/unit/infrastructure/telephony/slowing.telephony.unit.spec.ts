import { randomUUID } from 'node:crypto';
import { ProviderRateLimitedError } from '../../../../src/application/ports/telephony.port.js';
import { memoryDialRateLimiter } from '../../../../src/infrastructure/pacing/dial-rate-limiters.js';
import { MockTelephonyProvider } from '../../../../src/infrastructure/telephony/mock-telephony.provider.js';
import { SlowingTelephony } from '../../../../src/infrastructure/telephony/slowing.telephony.js';

describe('SlowingTelephony', () => {
  const mock = new MockTelephonyProvider({ minDurationMs: 60_000, maxDurationMs: 60_000, failureRate: 0, secret: 's', seed: 1, limits: { maxCps: 1 } });
  afterAll(() => mock.close());
  const dial = (telephony: SlowingTelephony, phoneNumber: string) =>
    telephony.dial({ callId: randomUUID(), attempt: 1, phoneNumber, callbackUrl: 'http://127.0.0.1:9/unused' });

  it('pauses the shared limiter when the provider pushes back, and passes the push-back on', async () => {
    const limiter = memoryDialRateLimiter(null);
    const telephony = new SlowingTelephony(mock, limiter);
    await dial(telephony, '+14155550100');
    expect(await limiter.tryAcquire()).toEqual({ ok: true });
    await expect(dial(telephony, '+14155550101')).rejects.toBeInstanceOf(ProviderRateLimitedError);
    const after = await limiter.tryAcquire();
    expect(after.ok).toBe(false);
    expect(after.ok === false && after.retryInMs).toBeGreaterThan(500);
  });

  it('leaves the limiter alone on a rejected number', async () => {
    const limiter = memoryDialRateLimiter(null);
    await expect(dial(new SlowingTelephony(mock, limiter), '+14155550190')).rejects.toThrow('rejected');
    expect(await limiter.tryAcquire()).toEqual({ ok: true });
  });
});
