/** `WebhookSecrets`: the mock provider signs with `signing`, the webhook endpoint accepts any of `verifying`. */
export const WEBHOOK_SECRETS = Symbol('WebhookSecrets');

/**
 * `() => string`: the URL the dialer passes as `callbackUrl`. A function, because with PORT=0 the
 * port is known only once the server listens.
 */
export const TELEPHONY_CALLBACK_URL = Symbol('TelephonyCallbackUrl');
export type CallbackUrlFn = () => string;

/** The provider itself (its lifecycle is Nest's); TELEPHONY is it behind the circuit breaker. */
export const RAW_TELEPHONY = Symbol('RawTelephony');

/** ReadinessCheck `provider`: the circuit's state, ready whatever it is. */
export const PROVIDER_READINESS_CHECK = Symbol('ProviderReadinessCheck');
