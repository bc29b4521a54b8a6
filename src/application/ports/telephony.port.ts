/** What the provider may pass on to the conversation (a TwiML <Parameter>, a greeting by name). */
export type DialContact = Readonly<{ name?: string; variables?: Readonly<Record<string, string>> }>;

/** The telephony provider as the dialer sees it. Outcomes arrive later through the signed webhook. */
export type DialRequest = Readonly<{ callId: string; attempt: number; phoneNumber: string; callbackUrl: string; contact?: DialContact }>;

export interface Telephony {
  /**
   * Resolves once the provider accepted the dial; rejects with DialRejectedError,
   * TelephonyUnavailableError or a DialDeferredError (ProviderRateLimitedError, ProviderCircuitOpenError).
   */
  dial(request: DialRequest): Promise<{ providerCallId: string }>;
}

export const TELEPHONY = Symbol('Telephony');

/** The provider refused the number (invalid, blocked): the attempt ends `rejected`, never retried. */
export class DialRejectedError extends Error {
  override readonly name = 'DialRejectedError';
}

/** The provider could not be reached or failed: the attempt ends `error`, retried by policy. */
export class TelephonyUnavailableError extends Error {
  override readonly name = 'TelephonyUnavailableError';
}

/**
 * The dial was not placed, and not because of the number: not an attempt outcome. The attempt is
 * not counted and the dial is retried first, no sooner than `retryAfterMs` when the provider said.
 */
export abstract class DialDeferredError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The provider pushed back (Twilio 429 / 20429, the mock's limits): the dial rate must also slow down. */
export class ProviderRateLimitedError extends DialDeferredError {
  override readonly name = 'ProviderRateLimitedError';
}

/** The circuit breaker is open after consecutive provider failures: nothing was sent to the provider. */
export class ProviderCircuitOpenError extends DialDeferredError {
  override readonly name = 'ProviderCircuitOpenError';
}
