import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString } from 'class-validator';
import { MAX_CONCURRENT_CALLS_LIMIT } from '../../../../domain/campaign/campaign-config.js';
import { MAX_CAMPAIGN_NAME_LENGTH } from '../../../../domain/campaign/campaign-config-validation.js';
import { ComplianceFieldsDto } from './compliance.request.dto.js';
import { RetryPolicyDto } from './retry-policy.request.dto.js';
import { SchedulePatchDto } from './schedule.request.dto.js';
import { Nested } from '../../shared/nested.decorator.js';
import { Optional } from '../../shared/optional.decorator.js';

/** A merge patch: nested objects merge into the current config, arrays replace; changes apply to future dials. */
export class UpdateCampaignRequestDto extends ComplianceFieldsDto {
  @ApiPropertyOptional({ maxLength: MAX_CAMPAIGN_NAME_LENGTH, example: 'Renewals November (2nd wave)' })
  @Optional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ type: SchedulePatchDto })
  @Optional()
  @Nested(() => SchedulePatchDto)
  schedule?: SchedulePatchDto;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CONCURRENT_CALLS_LIMIT, example: 8 })
  @Optional()
  @IsInt()
  maxConcurrentCalls?: number;

  @ApiPropertyOptional({ type: RetryPolicyDto })
  @Optional()
  @Nested(() => RetryPolicyDto)
  retryPolicy?: RetryPolicyDto;
}
