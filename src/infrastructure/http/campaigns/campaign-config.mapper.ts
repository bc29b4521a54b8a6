import { CONFIG_KEYS, type CampaignConfigPatch } from '../../../domain/campaign/campaign-config-change.js';
import { resolveCampaignConfig, type CampaignConfig } from '../../../domain/campaign/campaign-config.js';
import { withoutUndefined as defined } from '../../../domain/shared/defined.js';
import { ValidationError } from '../../../domain/shared/errors.js';
import type { ComplianceFieldsDto } from './dto/compliance.request.dto.js';
import type { CreateCampaignRequestDto } from './dto/create-campaign.request.dto.js';
import type { RetryPolicyDto } from './dto/retry-policy.request.dto.js';
import type { SchedulePatchDto, ScheduleDto, TimeWindowDto } from './dto/schedule.request.dto.js';
import type { UpdateCampaignRequestDto } from './dto/update-campaign.request.dto.js';

// DTO instances become plain values here (`defined`), so events carry exactly the fields of the contract.

const windows = (list: readonly TimeWindowDto[]) => list.map(({ days, start, end }) => ({ days: [...days], start, end }));

const schedule = (dto: ScheduleDto | SchedulePatchDto) =>
  defined({
    timezone: dto.timezone,
    windows: dto.windows && windows(dto.windows),
    blackoutDates: dto.blackoutDates && [...dto.blackoutDates],
  });

const retryPolicy = (dto: RetryPolicyDto) =>
  defined({
    maxRetries: dto.maxRetries,
    initialDelayMs: dto.initialDelayMs,
    backoffMultiplier: dto.backoffMultiplier,
    maxDelayMs: dto.maxDelayMs,
  });

const compliance = (dto: ComplianceFieldsDto) =>
  defined({
    recipientHours: dto.recipientHours && { start: dto.recipientHours.start, end: dto.recipientHours.end },
    complianceRules: dto.complianceRules,
    subject: dto.subject,
    weight: dto.weight,
  });

/** Omitted cap → DEFAULT_MAX_CONCURRENT_CALLS; omitted retry policy (or parts) → DEFAULT_RETRY_POLICY; blackouts → []. */
export const toCampaignConfig = (campaignId: string, dto: CreateCampaignRequestDto, defaultMaxConcurrentCalls: number): CampaignConfig =>
  resolveCampaignConfig(
    campaignId,
    {
      name: dto.name,
      schedule: schedule(dto.schedule) as ScheduleDto,
      ...(dto.maxConcurrentCalls === undefined ? {} : { maxConcurrentCalls: dto.maxConcurrentCalls }),
      ...(dto.retryPolicy === undefined ? {} : { retryPolicy: retryPolicy(dto.retryPolicy) }),
      ...compliance(dto),
    },
    { maxConcurrentCalls: defaultMaxConcurrentCalls },
  );

export const toConfigPatch = (dto: UpdateCampaignRequestDto): CampaignConfigPatch => {
  const patch: CampaignConfigPatch = defined({
    name: dto.name,
    schedule: dto.schedule && schedule(dto.schedule),
    maxConcurrentCalls: dto.maxConcurrentCalls,
    retryPolicy: dto.retryPolicy && retryPolicy(dto.retryPolicy),
    ...compliance(dto),
  });
  if (Object.keys(patch).length === 0) {
    throw new ValidationError([
      { field: 'body', message: `must change at least one of ${CONFIG_KEYS.join(', ')}` },
    ]);
  }
  return patch;
};
