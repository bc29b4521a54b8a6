import {
  DialRejectedError,
  ProviderRateLimitedError,
  TelephonyUnavailableError,
} from '../../../application/ports/telephony.port.js';

/**
 * Twilio error codes that refuse this number and would refuse it again: invalid or unreachable
 * `To`, a destination the account may not call, a recipient who opted out.
 * https://www.twilio.com/docs/api/errors
 */
const NUMBER_REFUSED = new Set([13223, 13224, 21211, 21214, 21215, 21216, 21217, 21401, 21610, 21612]);

/** What the twilio library throws for an answer that is not 2xx (RestException, TwilioServiceException). */
type TwilioAnswer = { status: number; code?: number; message?: string };

const isTwilioAnswer = (error: unknown): error is TwilioAnswer =>
  typeof error === 'object' && error !== null && typeof (error as TwilioAnswer).status === 'number';

/**
 * 429 / 20429 is push-back, not an outcome. A refused number is `rejected`. Anything else (bad
 * credentials, a caller id the account does not own, 5xx, no answer at all) fails every dial
 * alike: unavailable, which the circuit breaker counts. Never the request: it holds the credentials.
 */
export const translateTwilioError = (error: unknown): Error => {
  if (!isTwilioAnswer(error)) return new TelephonyUnavailableError(`Twilio unreachable: ${(error as Error)?.message ?? String(error)}`);
  const what = `Twilio ${error.status}${error.code === undefined ? '' : ` (code ${error.code})`}: ${error.message ?? ''}`;
  if (error.status === 429 || error.code === 20429) return new ProviderRateLimitedError(what);
  if (error.code !== undefined && NUMBER_REFUSED.has(error.code)) return new DialRejectedError(what);
  return new TelephonyUnavailableError(what);
};
