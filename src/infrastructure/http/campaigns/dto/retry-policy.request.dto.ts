import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber } from 'class-validator';
import { DEFAULT_RETRY_POLICY } from '../../../../domain/campaign/campaign-config.js';
import {
  MAX_BACKOFF_MULTIPLIER,
  MAX_RETRIES_LIMIT,
  MAX_RETRY_DELAY_MS,
} from '../../../../domain/campaign/campaign-config-validation.js';
import { Optional } from '../../shared/optional.decorator.js';

/** Any part may be left out: the default (or, for PATCH, the current value) fills it in. */
export class RetryPolicyDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_RETRIES_LIMIT, default: DEFAULT_RETRY_POLICY.maxRetries, example: 2 })
  @Optional()
  @IsInt()
  maxRetries?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_RETRY_DELAY_MS,
    default: DEFAULT_RETRY_POLICY.initialDelayMs,
    example: 60000,
    description: 'Delay before the first retry.',
  })
  @Optional()
  @IsInt()
  initialDelayMs?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_BACKOFF_MULTIPLIER,
    default: DEFAULT_RETRY_POLICY.backoffMultiplier,
    example: 2,
    description: 'Each further retry waits this many times longer.',
  })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  backoffMultiplier?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_RETRY_DELAY_MS,
    default: DEFAULT_RETRY_POLICY.maxDelayMs,
    example: 3600000,
    description: 'Cap on any retry delay; at least initialDelayMs.',
  })
  @Optional()
  @IsInt()
  maxDelayMs?: number;
}
