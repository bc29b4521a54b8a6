/** The telephony provider as the dialer sees it. Outcomes arrive later through the signed webhook. */
export type DialRequest = Readonly<{ callId: string; attempt: number; phoneNumber: string; callbackUrl: string }>;

export interface Telephony {
  /** Resolves once the provider accepted the dial; rejects with DialRejectedError or TelephonyUnavailableError. */
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
