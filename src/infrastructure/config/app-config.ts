import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsIn, IsInt, IsIP, IsNumber, IsOptional, IsString, IsUrl, Max, Min, ValidateIf, validateSync } from 'class-validator';
import { mockRingMs } from '../telephony/mock-dial-planner.js';
import { OPTIONAL_TELEPHONY_KEYS, telephonyProblems } from './telephony-config.js';
import { parseFrequencyCap, type FrequencyCap } from '../../domain/number/frequency-cap.js';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;

/** Every variable the service reads, with its default. The README's configuration table mirrors this. */
export class AppConfig {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** Listen address. Loopback by default: with API_KEYS unset the API is open to whoever reaches it. */
  @ValidateIf((config: AppConfig) => config.HOST !== 'localhost') @IsIP()
  HOST = '127.0.0.1';

  /** Unset: an embedded PostgreSQL under DATA_DIR. */
  @IsOptional() @IsString()
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @IsIn(['postgres', 'eventstoredb'])
  EVENT_STORE: 'postgres' | 'eventstoredb' = 'postgres';

  @IsOptional() @IsString()
  EVENTSTORE_URL?: string;

  /**
   * `dialstream start` runs the API and the worker (dialer, projectors, webhook delivery) as two
   * processes, so reads never wait behind dialing; `true` runs everything in one process.
   */
  @IsIn(['true', 'false'])
  SINGLE_PROCESS: 'true' | 'false' = 'false';

  /**
   * The worker process's port under `start` (its own health and metrics); unset: any free port, so
   * instances on neighbouring ports never collide. The API's /health/ready and /metrics include it.
   */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  WORKER_PORT?: number;

  /**
   * `true`: a worker also serves the provider's webhook endpoint, and (without PUBLIC_BASE_URL) its
   * dials are called back on its own port, so call outcomes never queue with API reads. `start` sets
   * it on the worker it runs.
   */
  @IsIn(['true', 'false'])
  WORKER_RECEIVES_CALLBACKS: 'true' | 'false' = 'false';

  /** Set by `start` on the API process: where its worker answers, for readiness and metrics. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http'] })
  WORKER_URL?: string;

  /** Unset: one instance with in-process coordination. */
  @IsOptional() @IsString()
  REDIS_URL?: string;

  @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  DEFAULT_MAX_CONCURRENT_CALLS = 10;

  /** Ring time: an attempt neither answered nor ended after this is a `timeout`. */
  @Type(() => Number) @IsInt() @Min(1000)
  CALL_TIMEOUT_MS = 60_000;

  /** An answered conversation still running after this is ended as answered (never re-dialed). */
  @Type(() => Number) @IsInt() @Min(1000)
  CALL_MAX_DURATION_MS = 4 * 60 * 60_000;

  /** No dial starts this close to the end of a recipient's legal window (DESIGN §7.1). */
  @Type(() => Number) @IsInt() @Min(0) @Max(3_600_000)
  RECIPIENT_HOURS_MARGIN_MS = 60_000;

  /** How long a worker's hold on a campaign lasts unrenewed: the failover time after a worker dies. */
  @Type(() => Number) @IsInt() @Min(500)
  DIALER_LEASE_TTL_MS = 15_000;

  /** How often a worker looks for running campaigns nobody holds (it also learns of them from events). */
  @Type(() => Number) @IsInt() @Min(100)
  DIALER_DISCOVERY_INTERVAL_MS = 5_000;

  /** Lets several deployments (or test runs) share one Redis. */
  @IsString()
  DIALER_REDIS_KEY_PREFIX = 'dialstream:';

  /** Comma-separated; empty: the API is open (a warning is logged). */
  @Transform(list) @IsString({ each: true })
  API_KEYS: string[] = [];

  /** Requests per minute per API client (its key, else its address) under /api; 0 turns the limit off. */
  @Type(() => Number) @IsInt() @Min(0)
  RATE_LIMIT_PER_MINUTE = 6000;

  /** Failed authentications (wrong or missing API key, forged webhook signature) per address per window; then 429. 0: off. */
  @Type(() => Number) @IsInt() @Min(0)
  AUTH_FAILURE_LIMIT = 10;

  @Type(() => Number) @IsInt() @Min(1000)
  AUTH_FAILURE_WINDOW_MS = 900_000;

  /** How long an `Idempotency-Key` is remembered; a key used again after this is a new request. */
  @Type(() => Number) @IsInt() @Min(1000)
  IDEMPOTENCY_KEY_TTL_MS = 86_400_000;

  @Type(() => Number) @IsInt() @Min(0)
  TELEPHONY_MOCK_MIN_DURATION_MS = 2000;

  @Type(() => Number) @IsInt() @Min(0)
  TELEPHONY_MOCK_MAX_DURATION_MS = 8000;

  @Type(() => Number) @IsNumber() @Min(0) @Max(1)
  TELEPHONY_MOCK_FAILURE_RATE = 0.1;

  @IsOptional() @Type(() => Number) @IsInt()
  TELEPHONY_MOCK_SEED?: number;

  /** Which provider dials: the in-process mock (DESIGN §4) or Twilio. */
  @IsIn(['mock', 'twilio'])
  TELEPHONY_PROVIDER: 'mock' | 'twilio' = 'mock';

  /** The mock refuses dials beyond this many per rolling second with `rate_limited`, as Twilio does; unset: no limit. */
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0.001)
  TELEPHONY_MOCK_MAX_CPS?: number;

  /** The mock refuses dials beyond this many calls in progress with `rate_limited`; unset: no limit. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  TELEPHONY_MOCK_MAX_CONCURRENT?: number;

  /** Calls in flight at once over every campaign, single call and instance, shared by weight; unset: no global cap (and no ledger). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  MAX_CONCURRENT_CALLS?: number;

  /** Global dial rate over every campaign and instance; unset: none (a provider's own limit still applies). */
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0.001)
  MAX_CALLS_PER_SECOND?: number;

  /** Consecutive provider failures (unreachable, 5xx, bad credentials) that open the circuit: dialing stops. */
  @Type(() => Number) @IsInt() @Min(1)
  TELEPHONY_BREAKER_FAILURES = 5;

  /** How long an open circuit waits before one probe dial is let through. */
  @Type(() => Number) @IsInt() @Min(100)
  TELEPHONY_BREAKER_HALF_OPEN_AFTER_MS = 30_000;

  @IsOptional() @IsString()
  TWILIO_ACCOUNT_SID?: string;

  /** Never logged. */
  @IsOptional() @IsString()
  TWILIO_AUTH_TOKEN?: string;

  /** The caller id, a Twilio number of the account in E.164. */
  @IsOptional() @IsString()
  TWILIO_FROM_NUMBER?: string;

  /** The account's calls-per-second limit (Twilio's default is 1); the dial rate never exceeds it. */
  @Type(() => Number) @IsNumber() @Min(0.001)
  TWILIO_MAX_CPS = 1;

  /** Another API host (tests point it at a local fake); unset: https://api.twilio.com. */
  @IsOptional() @IsString()
  TWILIO_API_BASE_URL?: string;

  /** TwiML for the conversation; `{{parameters}}` becomes the contact's <Parameter>s. Unset: a short <Say>. */
  @IsOptional() @IsString()
  TWILIO_TWIML?: string;

  /** A URL Twilio fetches TwiML from when the call is answered; replaces TWILIO_TWIML. */
  @IsOptional() @IsString()
  TWILIO_TWIML_URL?: string;

  /** Answering-machine detection; a machine-answered call then ends `no_answer` (the person was not reached). Unset: off. */
  @IsOptional() @IsIn(['Enable', 'DetectMessageEnd'])
  TWILIO_MACHINE_DETECTION?: 'Enable' | 'DetectMessageEnd';

  @Type(() => Number) @IsInt() @Min(100)
  TWILIO_REQUEST_TIMEOUT_MS = 10_000;

  /** Unset: generated at start, which only `start` without REDIS_URL or PUBLIC_BASE_URL allows. */
  @IsOptional() @IsString()
  TELEPHONY_WEBHOOK_SECRET?: string;

  /** Comma-separated, for rotation: the first signs, every one verifies. Replaces TELEPHONY_WEBHOOK_SECRET. */
  @IsOptional() @Transform(list) @IsString({ each: true }) @ArrayNotEmpty()
  TELEPHONY_WEBHOOK_SECRETS?: string[];

  /** Base URL the provider calls back; unset: http://127.0.0.1:PORT. */
  @IsOptional() @IsString()
  PUBLIC_BASE_URL?: string;

  /** Org-wide cap on dial attempts per number per rolling window across campaigns of one subject, e.g. `3/24h`; unset or `off`: none. */
  @IsOptional() @IsString()
  FREQUENCY_CAP?: string;

  /** `true` lets webhooks reach loopback and private addresses (tests, or receivers on your own network). */
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE: 'true' | 'false' = 'false';

  /** A receiver that has not answered within this is a failed try. */
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** First retry delay; it doubles per failed try up to WEBHOOK_RETRY_MAX_DELAY_MS. */
  @Type(() => Number) @IsInt() @Min(10)
  WEBHOOK_RETRY_INITIAL_DELAY_MS = 1_000;

  @Type(() => Number) @IsInt() @Min(10)
  WEBHOOK_RETRY_MAX_DELAY_MS = 3_600_000;

  /** One event failing this long parks the subscription until it is resumed. */
  @Type(() => Number) @IsInt() @Min(100)
  WEBHOOK_GIVE_UP_AFTER_MS = 86_400_000;

  /** A comment line on every open live stream this often, so proxies and browsers keep idle streams open. */
  @Type(() => Number) @IsInt() @Min(100) @Max(300_000)
  SSE_HEARTBEAT_MS = 15_000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Settings valid alone but not together. The clocks: a ring time as long as the longest conversation
 * would let an unanswered call outlive any answered one; the mock must be answered within the ring
 * time (it rings a quarter of each call) and end within the conversation bound, or its answered
 * numbers would time out or be cut, and the deterministic numbers of DESIGN §4 would lie.
 */
const invalidCombinations = (config: AppConfig): string[] => {
  const errors: string[] = [];
  const { CALL_TIMEOUT_MS: ring, CALL_MAX_DURATION_MS: conversation } = config;
  const { TELEPHONY_MOCK_MIN_DURATION_MS: mockMin, TELEPHONY_MOCK_MAX_DURATION_MS: mockMax } = config;
  if (mockMin > mockMax) errors.push('TELEPHONY_MOCK_MIN_DURATION_MS: must not exceed TELEPHONY_MOCK_MAX_DURATION_MS');
  if (conversation <= ring) errors.push(`CALL_MAX_DURATION_MS: must be greater than CALL_TIMEOUT_MS (${ring})`);
  if (mockRingMs(mockMax) >= ring) {
    errors.push(`TELEPHONY_MOCK_MAX_DURATION_MS: the mock rings a quarter of a call (up to ${mockRingMs(mockMax)} ms), which must be shorter than CALL_TIMEOUT_MS (${ring})`);
  }
  if (mockMax > conversation) errors.push(`TELEPHONY_MOCK_MAX_DURATION_MS: must not exceed CALL_MAX_DURATION_MS (${conversation})`);
  return errors;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'EVENTSTORE_URL', 'REDIS_URL', 'TELEPHONY_MOCK_SEED', 'TELEPHONY_WEBHOOK_SECRET', 'TELEPHONY_WEBHOOK_SECRETS', 'PUBLIC_BASE_URL', 'FREQUENCY_CAP', 'MAX_CONCURRENT_CALLS', 'WORKER_PORT', 'WORKER_URL', ...OPTIONAL_TELEPHONY_KEYS]);
  const present = Object.fromEntries(known.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]));
  const config = plainToInstance(AppConfig, present, { exposeDefaultValues: true });
  const errors = validateSync(config);
  if (errors.length > 0) {
    // The value as written, not as converted: `PORT=abc` would otherwise read `PORT=null` (NaN).
    // Constraints come last-decorator-first; reversed they read type first, then bounds.
    const lines = errors.map((e) => {
      const accepted = Object.values(e.constraints ?? {}).reverse().map((c) => c.replace(`${e.property} `, ''));
      return `${e.property}=${JSON.stringify(env[e.property] ?? e.value)}: ${accepted.join(', ')}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  if (config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTORE_URL) {
    throw new ConfigError('invalid configuration:\n  EVENTSTORE_URL: required when EVENT_STORE=eventstoredb');
  }
  if (config.TELEPHONY_WEBHOOK_SECRET && config.TELEPHONY_WEBHOOK_SECRETS) {
    throw new ConfigError('invalid configuration:\n  TELEPHONY_WEBHOOK_SECRETS: set it or TELEPHONY_WEBHOOK_SECRET, not both');
  }
  const telephony = telephonyProblems(config);
  if (telephony.length > 0) throw new ConfigError(`invalid configuration:\n  ${telephony.join('\n  ')}`);
  const combinations = invalidCombinations(config);
  if (combinations.length > 0) throw new ConfigError(`invalid configuration:\n  ${combinations.join('\n  ')}`);
  const cap = parseFrequencyCap(config.FREQUENCY_CAP ?? '', 'FREQUENCY_CAP');
  if (!cap.ok) throw new ConfigError(`invalid configuration:\n  FREQUENCY_CAP=${JSON.stringify(config.FREQUENCY_CAP)}: ${cap.reason}`);
  return config;
}

/** The org default cap; `loadConfig` has already refused a malformed one. */
export const orgFrequencyCap = (config: AppConfig): FrequencyCap | null => {
  const parsed = parseFrequencyCap(config.FREQUENCY_CAP ?? '', 'FREQUENCY_CAP');
  return parsed.ok ? parsed.cap : null;
};

export const APP_CONFIG = Symbol('AppConfig');
