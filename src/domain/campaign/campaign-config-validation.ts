import { validateSchedule } from '../calendar/schedule-validation.js';
import type { FieldError } from '../shared/errors.js';
import { MAX_CONCURRENT_CALLS_LIMIT, type CampaignConfig, type RetryPolicy } from './campaign-config.js';

export const MAX_CAMPAIGN_NAME_LENGTH = 200;
export const MAX_RETRIES_LIMIT = 10;
export const MAX_BACKOFF_MULTIPLIER = 10;
/** A retry further out than a week is almost certainly a unit mistake (seconds sent as ms × 1000). */
export const MAX_RETRY_DELAY_MS = 7 * 24 * 60 * 60 * 1000;

type Check = (value: unknown) => string | null;

const integerIn =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? null
      : `must be an integer from ${min} to ${max}`;

const numberIn =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? null
      : `must be a number from ${min} to ${max}`;

const check = (field: string, value: unknown, rule: Check): FieldError[] => {
  const message = rule(value);
  return message === null ? [] : [{ field, message }];
};

const validateName = (name: unknown): FieldError[] => {
  if (typeof name !== 'string') return [{ field: 'name', message: 'must be a string' }];
  if (name.trim() === '') return [{ field: 'name', message: 'must not be blank' }];
  if (name.length > MAX_CAMPAIGN_NAME_LENGTH) {
    return [{ field: 'name', message: `must be at most ${MAX_CAMPAIGN_NAME_LENGTH} characters` }];
  }
  return [];
};

export const validateRetryPolicy = (policy: RetryPolicy, prefix = 'retryPolicy'): FieldError[] => {
  if (typeof policy !== 'object' || policy === null) return [{ field: prefix, message: 'must be an object' }];
  const errors = [
    ...check(`${prefix}.maxRetries`, policy.maxRetries, integerIn(0, MAX_RETRIES_LIMIT)),
    ...check(`${prefix}.initialDelayMs`, policy.initialDelayMs, integerIn(0, MAX_RETRY_DELAY_MS)),
    ...check(`${prefix}.backoffMultiplier`, policy.backoffMultiplier, numberIn(1, MAX_BACKOFF_MULTIPLIER)),
    ...check(`${prefix}.maxDelayMs`, policy.maxDelayMs, integerIn(0, MAX_RETRY_DELAY_MS)),
  ];
  const delaysValid = !errors.some((e) => /DelayMs$/.test(e.field));
  if (delaysValid && policy.maxDelayMs < policy.initialDelayMs) {
    errors.push({ field: `${prefix}.maxDelayMs`, message: 'must be at least initialDelayMs' });
  }
  return errors;
};

const validateScheduleField = (schedule: CampaignConfig['schedule']): FieldError[] =>
  typeof schedule !== 'object' || schedule === null
    ? [{ field: 'schedule', message: 'must be an object' }]
    : validateSchedule(schedule).map((e) => ({ field: `schedule.${e.field}`, message: e.message }));

const VALIDATORS: { [K in keyof CampaignConfig]: (value: CampaignConfig[K]) => FieldError[] } = {
  name: validateName,
  schedule: validateScheduleField,
  maxConcurrentCalls: (value) =>
    check('maxConcurrentCalls', value, integerIn(1, MAX_CONCURRENT_CALLS_LIMIT)),
  retryPolicy: (value) => validateRetryPolicy(value),
};

const CONFIG_KEYS = Object.keys(VALIDATORS) as Array<keyof CampaignConfig>;

const validateField = <K extends keyof CampaignConfig>(key: K, fields: Partial<CampaignConfig>): FieldError[] =>
  VALIDATORS[key](fields[key] as CampaignConfig[K]);

/** Every bad field, so a client can fix them all in one round trip. */
export const validateCampaignConfig = (config: CampaignConfig): FieldError[] =>
  CONFIG_KEYS.flatMap((key) => validateField(key, config));

/** Validates only the fields an update carries. */
export const validateConfigChanges = (changes: Partial<CampaignConfig>): FieldError[] =>
  CONFIG_KEYS.flatMap((key) => (changes[key] === undefined ? [] : validateField(key, changes)));
