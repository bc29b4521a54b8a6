/** HMAC key shared in-process by the mock provider (signs) and the webhook endpoint (verifies). */
export const WEBHOOK_SECRET = Symbol('WebhookSecret');

/**
 * `() => string`: the URL the dialer passes as `callbackUrl`. A function, because with PORT=0 the
 * port is known only once the server listens.
 */
export const TELEPHONY_CALLBACK_URL = Symbol('TelephonyCallbackUrl');
export type CallbackUrlFn = () => string;
