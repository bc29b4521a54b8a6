import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsInt, IsString } from 'class-validator';
import { MAX_CONCURRENT_CALLS_LIMIT } from '../../../../domain/campaign/campaign-config.js';
import { MAX_CAMPAIGN_NAME_LENGTH } from '../../../../domain/campaign/campaign-config-validation.js';
import { MAX_NUMBERS_PER_REQUEST } from '../../../../application/campaigns/numbers-limit.js';
import { ComplianceFieldsDto } from './compliance.request.dto.js';
import { RetryPolicyDto } from './retry-policy.request.dto.js';
import { ScheduleDto } from './schedule.request.dto.js';
import { Nested } from '../../shared/nested.decorator.js';
import { Optional } from '../../shared/optional.decorator.js';
import { NUMBER_ENTRY_SCHEMA } from './number-entry.schema.js';

/** Only these fields: anything else (`status`, `id`, …) is a 400 naming it (forbidNonWhitelisted). */
export class CreateCampaignRequestDto extends ComplianceFieldsDto {
  @ApiProperty({ maxLength: MAX_CAMPAIGN_NAME_LENGTH, example: 'Renewals November' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: NUMBER_ENTRY_SCHEMA,
    maxItems: MAX_NUMBERS_PER_REQUEST,
    example: ['+14155550100', { phoneNumber: '+14155550101', name: 'Ada Lovelace', timezone: 'America/Los_Angeles', variables: { policy: 'R-1042' } }],
    description:
      'E.164 numbers (separators allowed). Any invalid number rejects the whole create (400, each one in details); ' +
      `repeats are dropped. More than ${MAX_NUMBERS_PER_REQUEST}: 413.`,
  })
  @Optional()
  @IsArray()
  phoneNumbers?: unknown[];

  @ApiProperty({ type: ScheduleDto })
  @Nested(() => ScheduleDto)
  schedule!: ScheduleDto;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_CONCURRENT_CALLS_LIMIT,
    example: 5,
    description: 'Calls in flight at once. Default: DEFAULT_MAX_CONCURRENT_CALLS (10).',
  })
  @Optional()
  @IsInt()
  maxConcurrentCalls?: number;

  @ApiPropertyOptional({ type: RetryPolicyDto, description: 'Default: 2 retries, 60 s doubling, at most 1 h.' })
  @Optional()
  @Nested(() => RetryPolicyDto)
  retryPolicy?: RetryPolicyDto;
}
