import type { Schedule } from '../calendar/schedule.js';
import { DEFAULT_RECIPIENT_HOURS, type ComplianceMode, type RecipientHours } from '../compliance/recipient-window.js';
import { withoutUndefined } from '../shared/defined.js';

export type { ComplianceMode, RecipientHours };

export type RetryPolicy = Readonly<{
  maxRetries: number;
  initialDelayMs: number;
  backoffMultiplier: number;
  maxDelayMs: number;
}>;

export type CampaignConfig = Readonly<{
  name: string;
  schedule: Schedule;
  maxConcurrentCalls: number;
  retryPolicy: RetryPolicy;
  /** Local hours at the recipient; null: no limit of the campaign's own (campaigns created before it existed). */
  recipientHours: RecipientHours | null;
  /** `builtin`: the legal rules of DESIGN §7.1 apply on top of `recipientHours`; `none`: only the campaign's own. */
  complianceRules: ComplianceMode;
  /** Frequency caps count attempts per number across campaigns with the same subject. */
  subject: string;
  /** Share of the global cap (1–100). */
  weight: number;
}>;

export const COMPLIANCE_MODES = ['builtin', 'none'] as const satisfies readonly ComplianceMode[];
export const DEFAULT_COMPLIANCE_RULES: ComplianceMode = 'builtin';
export const DEFAULT_WEIGHT = 1;
export { DEFAULT_RECIPIENT_HOURS };

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  initialDelayMs: 60_000,
  backoffMultiplier: 2,
  maxDelayMs: 3_600_000,
};

export const MAX_CONCURRENT_CALLS_LIMIT = 1_000;

/** What a client may send: the cap, the retry policy (or any part of it) and blackout dates are optional. */
export type CampaignConfigInput = Readonly<{
  name: string;
  schedule: Omit<Schedule, 'blackoutDates'> & { blackoutDates?: Schedule['blackoutDates'] };
  maxConcurrentCalls?: number;
  retryPolicy?: Partial<RetryPolicy>;
  recipientHours?: RecipientHours | null;
  complianceRules?: ComplianceMode;
  subject?: string;
  weight?: number;
}>;

/**
 * Fills the defaults in at the edge, so commands and `CampaignCreated` carry resolved values and a
 * later change of `DEFAULT_MAX_CONCURRENT_CALLS` never changes an existing campaign on replay. The
 * subject defaults to the campaign's id: no two campaigns share a frequency cap unless told to.
 */
export const resolveCampaignConfig = (
  campaignId: string,
  input: CampaignConfigInput,
  defaults: Readonly<{ maxConcurrentCalls: number; retryPolicy?: RetryPolicy }>,
): CampaignConfig => ({
  name: input.name,
  schedule: {
    timezone: input.schedule.timezone,
    windows: input.schedule.windows,
    blackoutDates: input.schedule.blackoutDates ?? [],
  },
  maxConcurrentCalls: input.maxConcurrentCalls ?? defaults.maxConcurrentCalls,
  retryPolicy: { ...(defaults.retryPolicy ?? DEFAULT_RETRY_POLICY), ...withoutUndefined(input.retryPolicy ?? {}) },
  recipientHours: input.recipientHours === undefined ? DEFAULT_RECIPIENT_HOURS : input.recipientHours,
  complianceRules: input.complianceRules ?? DEFAULT_COMPLIANCE_RULES,
  subject: input.subject ?? campaignId,
  weight: input.weight ?? DEFAULT_WEIGHT,
});
