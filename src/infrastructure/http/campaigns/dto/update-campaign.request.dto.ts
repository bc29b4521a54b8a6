import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { MAX_CONCURRENT_CALLS_LIMIT } from '../../../../domain/campaign/campaign-config.js';
import { MAX_CAMPAIGN_NAME_LENGTH } from '../../../../domain/campaign/campaign-config-validation.js';
import { RetryPolicyDto } from './retry-policy.request.dto.js';
import { SchedulePatchDto } from './schedule.request.dto.js';

/** A merge patch: nested objects merge into the current config, arrays replace; changes apply to future dials. */
export class UpdateCampaignRequestDto {
  @ApiPropertyOptional({ maxLength: MAX_CAMPAIGN_NAME_LENGTH, example: 'Renewals November (2nd wave)' })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ type: SchedulePatchDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SchedulePatchDto)
  schedule?: SchedulePatchDto;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CONCURRENT_CALLS_LIMIT, example: 8 })
  @IsOptional()
  @IsInt()
  maxConcurrentCalls?: number;

  @ApiPropertyOptional({ type: RetryPolicyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RetryPolicyDto)
  retryPolicy?: RetryPolicyDto;
}
