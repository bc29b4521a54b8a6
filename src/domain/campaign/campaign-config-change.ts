import type { Schedule } from '../calendar/schedule.js';
import { withoutUndefined } from '../shared/defined.js';
import { jsonEqual } from '../shared/json-equal.js';
import { DEFAULT_RETRY_POLICY, type CampaignConfig, type ComplianceMode, type RecipientHours, type RetryPolicy } from './campaign-config.js';

/**
 * Every change of a campaign's configuration goes through here: a PATCH is merged into the config
 * the decider sees, `CampaignUpdated` records the fields that changed, and every fold (the campaign,
 * the dialer, the campaign read model) applies it the same way.
 */

export const CONFIG_KEYS = [
  'name',
  'schedule',
  'maxConcurrentCalls',
  'retryPolicy',
  'recipientHours',
  'complianceRules',
  'subject',
  'weight',
] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

/** A merge patch: nested objects merge into the current value, arrays and scalars replace it. */
export type CampaignConfigPatch = Readonly<{
  name?: string;
  schedule?: Partial<Schedule>;
  maxConcurrentCalls?: number;
  retryPolicy?: Partial<RetryPolicy>;
  /** Replaced whole (both ends, or null for no limit of the campaign's own). */
  recipientHours?: RecipientHours | null;
  complianceRules?: ComplianceMode;
  subject?: string;
  weight?: number;
}>;

/** What `CampaignUpdated` records: the fields that changed, each whole. */
export type CampaignConfigChanges = Partial<CampaignConfig>;

const merged = <T extends object>(current: T, patch: Partial<T> | undefined): T | undefined =>
  patch === undefined ? undefined : { ...current, ...withoutUndefined(patch) };

/** The fields a patch names, each merged into its current value (what the decider validates). */
export const patchedFields = (config: CampaignConfig, patch: CampaignConfigPatch): CampaignConfigChanges =>
  withoutUndefined({
    name: patch.name,
    schedule: merged(config.schedule, patch.schedule),
    maxConcurrentCalls: patch.maxConcurrentCalls,
    retryPolicy: merged(config.retryPolicy, patch.retryPolicy),
    recipientHours: patch.recipientHours,
    complianceRules: patch.complianceRules,
    subject: patch.subject,
    weight: patch.weight,
  });

/** The fields whose value differs from the config's (key order aside); empty: nothing to record. */
export const changedFields = (config: CampaignConfig, fields: CampaignConfigChanges): CampaignConfigChanges =>
  Object.fromEntries(CONFIG_KEYS.filter((key) => fields[key] !== undefined && !jsonEqual(fields[key], config[key])).map((key) => [key, fields[key]]));

/** The config a `CampaignCreated` payload carries. */
export const configOf = (config: CampaignConfig): CampaignConfig => {
  const { name, schedule, maxConcurrentCalls, retryPolicy, recipientHours, complianceRules, subject, weight } = config;
  return { name, schedule, maxConcurrentCalls, retryPolicy, recipientHours, complianceRules, subject, weight };
};

/**
 * Folds `CampaignUpdated` into whatever holds config fields: the campaign's config, the dialer's (no
 * name), the read model's row. Fields the holder does not carry stay absent.
 */
export const applyConfigChanges = <T extends Partial<Record<ConfigKey, unknown>>>(holder: T, changes: CampaignConfigChanges): T => {
  const next: Partial<Record<ConfigKey, unknown>> = { ...holder };
  for (const key of CONFIG_KEYS) if (key in holder && changes[key] !== undefined) next[key] = changes[key];
  return next as T;
};

/** The retry policy a call's next outcome is decided with: its campaign's current one, else the default (single calls). */
export const retryPolicyInForce = (config: Pick<CampaignConfig, 'retryPolicy'> | null): RetryPolicy =>
  config?.retryPolicy ?? DEFAULT_RETRY_POLICY;
