import { ApiExtraModels, ApiProperty } from '@nestjs/swagger';
import type { WaitingCounts } from '../../../../application/views.js';
import { COMPLIANCE_MODES, type ComplianceMode } from '../../../../domain/campaign/campaign-config.js';
import { CallResponseDto } from '../../calls/call.response.dto.js';
import { nullableObject } from '../../shared/api-docs.decorators.js';
import { RecipientHoursDto } from './compliance.request.dto.js';
import { CAMPAIGN_VIEW_STATUSES } from './list-campaigns.request.dto.js';
import { ScheduleDto } from './schedule.request.dto.js';

/** Response schemas for Swagger: the HTTP API serialises the application's views as they are. */

class RetryPolicyResponseDto {
  @ApiProperty({ example: 2 }) maxRetries!: number;
  @ApiProperty({ example: 60000 }) initialDelayMs!: number;
  @ApiProperty({ example: 2 }) backoffMultiplier!: number;
  @ApiProperty({ example: 3600000 }) maxDelayMs!: number;
}

export class CampaignStatsResponseDto {
  @ApiProperty({ example: 2, description: 'Numbers in the campaign.' }) total!: number;
  @ApiProperty({ example: 1 }) pending!: number;
  @ApiProperty({ example: 1 }) inProgress!: number;
  @ApiProperty({ example: 0 }) completed!: number;
  @ApiProperty({ example: 0 }) failed!: number;
  @ApiProperty({ example: 0 }) cancelled!: number;
  @ApiProperty({ example: 0, description: 'Never to be dialed: do-not-call list or opted out.' }) skipped!: number;
  @ApiProperty({ example: 0, description: 'Attempts after the first, over every call.' }) retriesAttempted!: number;
  @ApiProperty({ example: 1, description: 'Dial attempts started.' }) attempts!: number;
}

class WaitingResponseDto implements WaitingCounts {
  @ApiProperty({ example: 0, description: 'No reason recorded while the campaign\'s own window is closed.' }) campaign_hours!: number;
  @ApiProperty({ example: 3, description: "Outside the recipient's hours (recipientHours, legal rules)." }) recipient_hours!: number;
  @ApiProperty({ example: 0 }) frequency_cap!: number;
  @ApiProperty({ example: 0 }) global_cap!: number;
  @ApiProperty({ example: 0 }) rate_limit!: number;
  @ApiProperty({ example: 1, description: 'A retry not due yet.' }) retry_delay!: number;
}

@ApiExtraModels(RecipientHoursDto, WaitingResponseDto)
export class CampaignResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Renewals November' }) name!: string;
  @ApiProperty({ enum: CAMPAIGN_VIEW_STATUSES, example: 'pending' }) status!: string;
  @ApiProperty({ type: ScheduleDto }) schedule!: ScheduleDto;
  @ApiProperty({ example: 5 }) maxConcurrentCalls!: number;
  @ApiProperty({ type: RetryPolicyResponseDto }) retryPolicy!: RetryPolicyResponseDto;
  @ApiProperty({ ...nullableObject(RecipientHoursDto), description: "Hours at the recipient's location; null: none of the campaign's own." })
  recipientHours!: RecipientHoursDto | null;
  @ApiProperty({ enum: COMPLIANCE_MODES, example: 'builtin' }) complianceRules!: ComplianceMode;
  @ApiProperty({ example: 'renewals', description: 'Frequency caps count attempts across campaigns with this subject.' }) subject!: string;
  @ApiProperty({ minimum: 1, maximum: 100, example: 1, description: 'Share of the global cap.' }) weight!: number;
  @ApiProperty({ type: CampaignStatsResponseDto }) stats!: CampaignStatsResponseDto;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set while an in_progress campaign waits for its calling window.',
  })
  nextWindowOpensAt!: string | null;
  @ApiProperty({
    ...nullableObject(WaitingResponseDto),
    description: 'Calls neither finished nor in flight, by what they wait for; null in a view `asOf` an earlier instant.',
  })
  waiting!: WaitingResponseDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ example: 0, description: 'Stream version; also the ETag, for If-Match.' }) version!: number;
}

export class CampaignPageResponseDto {
  @ApiProperty({ type: [CampaignResponseDto] }) items!: CampaignResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null at the end.' })
  nextCursor!: string | null;
}

/** Calls are described once, by the calls API. */
export class CallPageResponseDto {
  @ApiProperty({ type: [CallResponseDto] }) items!: CallResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
