import { type AppConfig, ConfigError } from './app-config.js';

/** The provider signs with `signing`; the webhook endpoint accepts a signature made with any of `verifying`. */
export type WebhookSecrets = Readonly<{ signing: string; verifying: readonly string[] }>;

/** `null`: none configured. TELEPHONY_WEBHOOK_SECRETS lists the new secret first, then the ones being retired. */
export const configuredWebhookSecrets = (config: AppConfig): WebhookSecrets | null => {
  const secrets = config.TELEPHONY_WEBHOOK_SECRETS ?? (config.TELEPHONY_WEBHOOK_SECRET ? [config.TELEPHONY_WEBHOOK_SECRET] : []);
  return secrets[0] === undefined ? null : { signing: secrets[0], verifying: secrets };
};

/**
 * A generated secret lives in one process. Callbacks cross processes when the roles are split, when
 * several instances share Redis (a load balancer may send a callback to any of them), or when they
 * go through a public address: then every callback would be refused as forged, the attempt would
 * time out and an answered person would be dialed again. Only `start` alone may generate one.
 */
export const assertWebhookSecretFor = (role: 'all' | 'api' | 'worker', config: AppConfig): void => {
  // Twilio signs its own callbacks with the account's token; nothing signs with ours then.
  if (configuredWebhookSecrets(config) || config.TELEPHONY_PROVIDER === 'twilio') return;
  const crossing =
    role !== 'all' ? `the ${role} role` : config.REDIS_URL ? 'REDIS_URL (several instances)' : config.PUBLIC_BASE_URL ? 'PUBLIC_BASE_URL' : null;
  if (crossing === null) return;
  throw new ConfigError(
    `invalid configuration:\n  TELEPHONY_WEBHOOK_SECRET: required with ${crossing}, where provider callbacks cross processes ` +
      '(or TELEPHONY_WEBHOOK_SECRETS)',
  );
};
