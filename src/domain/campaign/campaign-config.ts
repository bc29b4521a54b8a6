import type { Schedule } from '../calendar/schedule.js';
import { withoutUndefined } from '../shared/defined.js';

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
}>;

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
}>;

/**
 * Fills the defaults in at the edge, so commands and `CampaignCreated` carry resolved values and a
 * later change of `DEFAULT_MAX_CONCURRENT_CALLS` never changes an existing campaign on replay.
 */
export const resolveCampaignConfig = (
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
});
