import { setTimeout as sleep } from 'node:timers/promises';
import {
  DialRejectedError,
  ProviderCircuitOpenError,
  ProviderRateLimitedError,
  TelephonyUnavailableError,
  type DialRequest,
  type Telephony,
} from '../../../../src/application/ports/telephony.port.js';
import { CircuitBreakingTelephony } from '../../../../src/infrastructure/telephony/circuit-breaking.telephony.js';

/** A provider whose next answers are scripted; it counts the dials that reached it. */
class ScriptedProvider implements Telephony {
  reached = 0;
  next: () => Promise<{ providerCallId: string }> = async () => ({ providerCallId: 'ok' });
  dial(): Promise<{ providerCallId: string }> {
    this.reached += 1;
    return this.next();
  }
}

const request: DialRequest = { callId: 'c', attempt: 1, phoneNumber: '+14155550100', callbackUrl: 'http://x' };
const down = async (): Promise<never> => {
  throw new TelephonyUnavailableError('HTTP 503');
};

describe('CircuitBreakingTelephony', () => {
  let inner: ScriptedProvider;
  let states: string[];
  let breaker: CircuitBreakingTelephony;
  beforeEach(() => {
    inner = new ScriptedProvider();
    states = [];
    breaker = new CircuitBreakingTelephony(inner, { consecutiveFailures: 3, halfOpenAfterMs: 200 }, (s) => states.push(s));
  });

  it('opens after consecutive unavailable answers, then fails fast without reaching the provider', async () => {
    inner.next = down;
    for (let i = 0; i < 3; i += 1) await expect(breaker.dial(request)).rejects.toBeInstanceOf(TelephonyUnavailableError);
    expect(breaker.state()).toBe('open');
    const error: unknown = await breaker.dial(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderCircuitOpenError);
    expect((error as ProviderCircuitOpenError).retryAfterMs).toBeGreaterThan(0);
    expect((error as ProviderCircuitOpenError).retryAfterMs).toBeLessThanOrEqual(200);
    expect(inner.reached).toBe(3);
    expect(states).toEqual(['open']);
  });

  it('does not count rejections or rate limits as failures: the provider answered', async () => {
    for (const failure of [down, down, async () => Promise.reject(new DialRejectedError('bad number')), down, down]) {
      inner.next = failure;
      await breaker.dial(request).catch(() => undefined);
    }
    inner.next = async () => Promise.reject(new ProviderRateLimitedError('429', 1000));
    await expect(breaker.dial(request)).rejects.toBeInstanceOf(ProviderRateLimitedError);
    inner.next = down;
    await breaker.dial(request).catch(() => undefined);
    await breaker.dial(request).catch(() => undefined);
    expect(breaker.state()).toBe('closed');
  });

  it('lets one probe through after the pause: a success closes it, a failure opens it again', async () => {
    inner.next = down;
    for (let i = 0; i < 3; i += 1) await breaker.dial(request).catch(() => undefined);
    await sleep(220);
    await expect(breaker.dial(request)).rejects.toBeInstanceOf(TelephonyUnavailableError);
    expect(breaker.state()).toBe('open');
    expect(inner.reached).toBe(4);
    await sleep(220);
    inner.next = async () => ({ providerCallId: 'back' });
    await expect(breaker.dial(request)).resolves.toEqual({ providerCallId: 'back' });
    expect(breaker.state()).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
  });

  it('while the probe is out, other dials wait for its answer and do not reach the provider', async () => {
    inner.next = down;
    for (let i = 0; i < 3; i += 1) await breaker.dial(request).catch(() => undefined);
    await sleep(220);
    let answer: (value: { providerCallId: string }) => void = () => undefined;
    inner.next = () => new Promise((resolve) => (answer = resolve));
    const probe = breaker.dial(request);
    expect(breaker.state()).toBe('half_open');
    const waiting = breaker.dial(request);
    await sleep(20);
    expect(inner.reached).toBe(4);
    inner.next = async () => ({ providerCallId: 'after' });
    answer({ providerCallId: 'p' });
    await expect(probe).resolves.toEqual({ providerCallId: 'p' });
    await expect(waiting).resolves.toEqual({ providerCallId: 'after' });
    expect(breaker.state()).toBe('closed');
  });
});
