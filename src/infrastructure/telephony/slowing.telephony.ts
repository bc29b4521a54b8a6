import type { DialRateLimiter } from '../../application/ports/pacing.port.js';
import { ProviderRateLimitedError, type DialRequest, type Telephony } from '../../application/ports/telephony.port.js';

/**
 * DESIGN §7.3: a provider's `rate_limited` answer slows the shared bucket, on every instance, before
 * the error reaches the dialer — whoever dials next waits, not only the one that was refused.
 */
export class SlowingTelephony implements Telephony {
  constructor(
    private readonly inner: Telephony,
    private readonly limiter: DialRateLimiter,
  ) {}

  async dial(request: DialRequest): Promise<{ providerCallId: string }> {
    try {
      return await this.inner.dial(request);
    } catch (error) {
      if (error instanceof ProviderRateLimitedError) await this.limiter.slowDown(error.retryAfterMs).catch(() => undefined);
      throw error;
    }
  }
}
