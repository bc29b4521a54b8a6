import { randomUUID } from 'node:crypto';
import { DialRejectedError, TelephonyUnavailableError } from '../../../../src/application/ports/telephony.port.js';
import { MockTelephonyProvider } from '../../../../src/infrastructure/telephony/mock-telephony.provider.js';

// Nothing listens here, and every test closes the provider long before the first callback is due.
const CALLBACK_URL = 'http://127.0.0.1:9/unused';

const provider = () =>
  new MockTelephonyProvider({ minDurationMs: 60_000, maxDurationMs: 60_000, failureRate: 0, secret: 's', seed: 1 });
const dial = (p: MockTelephonyProvider, phoneNumber: string, attempt = 1) =>
  p.dial({ callId: randomUUID(), attempt, phoneNumber, callbackUrl: CALLBACK_URL });

describe('MockTelephonyProvider.dial', () => {
  let p: MockTelephonyProvider;
  beforeEach(() => {
    p = provider();
  });
  afterEach(() => p.close());

  it('answers a provider call id at once and schedules ringing, answered and the outcome', async () => {
    const { providerCallId } = await dial(p, '+14155550100');
    expect(providerCallId).toMatch(/^mock_[0-9a-f-]{36}$/);
    expect(p.pendingCallbacks).toBe(3);
    expect((await dial(p, '+14155550101')).providerCallId).not.toBe(providerCallId);
  });

  it('skips ringing for a busy line, and answered for a call nobody picks up', async () => {
    await dial(p, '+14155550120');
    expect(p.pendingCallbacks).toBe(1);
    await dial(p, '+14155550140');
    expect(p.pendingCallbacks).toBe(3);
  });

  it('accepts a lost-callback number but schedules nothing for it', async () => {
    await expect(dial(p, '+14155550185')).resolves.toEqual({ providerCallId: expect.stringMatching(/^mock_/) });
    expect(p.pendingCallbacks).toBe(0);
  });

  it('rejects 0190-0199 and non-E.164 numbers with DialRejectedError, scheduling nothing', async () => {
    await expect(dial(p, '+14155550190')).rejects.toBeInstanceOf(DialRejectedError);
    await expect(dial(p, '+14155550199', 2)).rejects.toBeInstanceOf(DialRejectedError);
    await expect(dial(p, '0415 555 0100')).rejects.toBeInstanceOf(DialRejectedError);
    expect(p.pendingCallbacks).toBe(0);
  });

  it('cancels every scheduled callback on close and refuses dials afterwards as unavailable', async () => {
    await dial(p, '+14155550100');
    await dial(p, '+14155550140');
    await p.close();
    expect(p.pendingCallbacks).toBe(0);
    await expect(dial(p, '+14155550100')).rejects.toBeInstanceOf(TelephonyUnavailableError);
  });

  it('keeps a configured seed and refuses min > max', () => {
    expect(p.seed).toBe(1);
    expect(
      () => new MockTelephonyProvider({ minDurationMs: 10, maxDurationMs: 5, failureRate: 0, secret: 's' }),
    ).toThrow(RangeError);
  });
});
