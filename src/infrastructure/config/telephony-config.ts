/** The settings read here (a structural slice of AppConfig, which imports this file). */
type TelephonyConfig = Readonly<{
  TELEPHONY_PROVIDER: 'mock' | 'twilio';
  MAX_CALLS_PER_SECOND?: number | undefined;
  PUBLIC_BASE_URL?: string | undefined;
  TWILIO_ACCOUNT_SID?: string | undefined;
  TWILIO_AUTH_TOKEN?: string | undefined;
  TWILIO_FROM_NUMBER?: string | undefined;
  TWILIO_MAX_CPS: number;
  TWILIO_API_BASE_URL?: string | undefined;
  TWILIO_TWIML?: string | undefined;
  TWILIO_TWIML_URL?: string | undefined;
}>;

/** Variables without a default: `loadConfig` reads only the keys it knows. */
export const OPTIONAL_TELEPHONY_KEYS = [
  'TELEPHONY_MOCK_MAX_CPS',
  'TELEPHONY_MOCK_MAX_CONCURRENT',
  'MAX_CALLS_PER_SECOND',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM_NUMBER',
  'TWILIO_API_BASE_URL',
  'TWILIO_TWIML',
  'TWILIO_TWIML_URL',
  'TWILIO_MACHINE_DETECTION',
] as const;

const isHttpUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/**
 * Twilio needs its credentials, a caller id and a public address to call back (the signature is
 * computed over that URL). The messages name the variable, never its value: a token must not reach a log.
 */
export const telephonyProblems = (config: TelephonyConfig): string[] => {
  if (config.TELEPHONY_PROVIDER !== 'twilio') return [];
  const problems: string[] = [];
  for (const key of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'PUBLIC_BASE_URL'] as const) {
    if (!config[key]) problems.push(`${key}: required when TELEPHONY_PROVIDER=twilio`);
  }
  if (config.PUBLIC_BASE_URL && !isHttpUrl(config.PUBLIC_BASE_URL)) problems.push('PUBLIC_BASE_URL: must be an http(s) URL Twilio can reach');
  if (config.TWILIO_API_BASE_URL && !isHttpUrl(config.TWILIO_API_BASE_URL)) problems.push('TWILIO_API_BASE_URL: must be an http(s) URL');
  if (config.TWILIO_TWIML_URL && !isHttpUrl(config.TWILIO_TWIML_URL)) problems.push('TWILIO_TWIML_URL: must be an http(s) URL');
  if (config.TWILIO_TWIML && config.TWILIO_TWIML_URL) problems.push('TWILIO_TWIML_URL: set it or TWILIO_TWIML, not both');
  return problems;
};

/**
 * The dial rate the bucket enforces: the lower of the global limit and the provider's own
 * (TWILIO_MAX_CPS only when Twilio dials); null: no limit.
 */
export const dialRateLimit = (config: TelephonyConfig): number | null => {
  const limits = [config.MAX_CALLS_PER_SECOND, config.TELEPHONY_PROVIDER === 'twilio' ? config.TWILIO_MAX_CPS : undefined];
  const set = limits.filter((limit): limit is number => limit !== undefined);
  return set.length === 0 ? null : Math.min(...set);
};
