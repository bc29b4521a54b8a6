import { randomUUID } from 'node:crypto';
import { ProviderRateLimitedError } from '../../../../src/application/ports/telephony.port.js';
import { MockTelephonyProvider, type MockTelephonyOptions } from '../../../../src/infrastructure/telephony/mock-telephony.provider.js';

const CALLBACK_URL = 'http://127.0.0.1:9/unused';

describe('MockTelephonyProvider limits (TELEPHONY_MOCK_MAX_CPS / _MAX_CONCURRENT)', () => {
  let nowMs = 1_000_000;
  let provider: MockTelephonyProvider;
  const make = (limits: MockTelephonyOptions['limits']) =>
    new MockTelephonyProvider({ minDurationMs: 4000, maxDurationMs: 4000, failureRate: 0, secret: 's', seed: 1, limits, nowMs: () => nowMs });
  const dial = (phoneNumber = '+14155550100') => provider.dial({ callId: randomUUID(), attempt: 1, phoneNumber, callbackUrl: CALLBACK_URL });
  const refusal = async (): Promise<ProviderRateLimitedError> => {
    const error: unknown = await dial().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderRateLimitedError);
    return error as ProviderRateLimitedError;
  };

  beforeEach(() => {
    nowMs = 1_000_000;
  });
  afterEach(() => provider.close());

  it('accepts at most MAX_CPS dials per rolling second and says when the next one fits', async () => {
    provider = make({ maxCps: 2 });
    await dial();
    nowMs += 400;
    await dial();
    nowMs += 100;
    expect((await refusal()).retryAfterMs).toBe(500);
    nowMs += 499;
    await refusal();
    nowMs += 1;
    await expect(dial()).resolves.toEqual({ providerCallId: expect.any(String) });
    await refusal();
  });

  it('does not count a refused dial, nor a number rejected before the limit is asked', async () => {
    provider = make({ maxCps: 1 });
    await expect(dial('+14155550190')).rejects.toThrow('rejected');
    await dial();
    await refusal();
    nowMs += 1000;
    await dial();
  });

  it('spreads a fractional rate: 0.5/s is one dial per two seconds', async () => {
    provider = make({ maxCps: 0.5 });
    await dial();
    nowMs += 1999;
    expect((await refusal()).retryAfterMs).toBe(1);
    nowMs += 1;
    await dial();
  });

  it('refuses beyond MAX_CONCURRENT calls in progress until one ends (a busy line ends when it stops ringing)', async () => {
    provider = make({ maxConcurrent: 2 });
    await dial('+14155550100'); // answered: 4000 ms
    await dial('+14155550120'); // busy: ends after the ring, 1000 ms
    expect((await refusal()).retryAfterMs).toBe(1000);
    nowMs += 1000;
    await dial('+14155550101');
    await refusal();
  });

  it('counts a call whose callback is lost until it would have ended', async () => {
    provider = make({ maxConcurrent: 1 });
    await dial('+14155550185');
    expect((await refusal()).retryAfterMs).toBe(4000);
    nowMs += 4000;
    await dial();
  });

  it('has no limit when none is set', async () => {
    provider = make(undefined);
    for (let i = 0; i < 50; i += 1) await dial();
  });
});
