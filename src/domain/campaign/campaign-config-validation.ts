import { validateSchedule } from '../calendar/schedule-validation.js';
import { parseTimeOfDay, parseWindowEnd } from '../calendar/time-of-day.js';
import type { FieldError } from '../shared/errors.js';
import { COMPLIANCE_MODES, MAX_CONCURRENT_CALLS_LIMIT, type CampaignConfig, type RetryPolicy } from './campaign-config.js';

export const MAX_CAMPAIGN_NAME_LENGTH = 200;
export const MAX_SUBJECT_LENGTH = 200;
export const MAX_WEIGHT = 100;
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

/** A daytime span: `end` after `start` (a recipient's hours never run past midnight), `24:00` allowed. */
const validateRecipientHours = (hours: CampaignConfig['recipientHours']): FieldError[] => {
  if (hours === null) return [];
  if (typeof hours !== 'object') return [{ field: 'recipientHours', message: 'must be an object with start and end, or null' }];
  const start = parseTimeOfDay(hours.start);
  const end = parseWindowEnd(hours.end);
  return [
    ...(start === null ? [{ field: 'recipientHours.start', message: 'must be a time HH:mm between 00:00 and 23:59' }] : []),
    ...(end === null ? [{ field: 'recipientHours.end', message: 'must be a time HH:mm between 00:00 and 23:59, or 24:00' }] : []),
    ...(start !== null && end !== null && end <= start ? [{ field: 'recipientHours.end', message: 'must be after start' }] : []),
  ];
};

const validateSubject = (subject: unknown): FieldError[] => {
  if (typeof subject !== 'string') return [{ field: 'subject', message: 'must be a string' }];
  if (subject.trim() === '') return [{ field: 'subject', message: 'must not be blank' }];
  if (subject.length > MAX_SUBJECT_LENGTH) return [{ field: 'subject', message: `must be at most ${MAX_SUBJECT_LENGTH} characters` }];
  return [];
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
  recipientHours: validateRecipientHours,
  complianceRules: (value) =>
    (COMPLIANCE_MODES as readonly unknown[]).includes(value) ? [] : [{ field: 'complianceRules', message: `must be one of ${COMPLIANCE_MODES.join(', ')}` }],
  subject: validateSubject,
  weight: (value) => check('weight', value, integerIn(1, MAX_WEIGHT)),
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
