import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { MAX_CONCURRENT_CALLS_LIMIT } from '../../../domain/campaign/campaign-config.js';
import { MAX_BACKOFF_MULTIPLIER, MAX_RETRIES_LIMIT, MAX_RETRY_DELAY_MS } from '../../../domain/campaign/campaign-config-validation.js';
import { DEFAULT_SIMULATION_SEED } from '../../../domain/simulation/seeded-random.js';
import { Optional } from '../shared/optional.decorator.js';

/** What a what-if run changes; every field optional, anything left out stays as recorded. */
export class SimulationRequestDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CONCURRENT_CALLS_LIMIT, example: 10, description: 'The cap to simulate.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_CONCURRENT_CALLS_LIMIT)
  maxConcurrentCalls?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_RETRIES_LIMIT, example: 3, description: 'Retries after the first attempt.' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_RETRIES_LIMIT)
  maxRetries?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_RETRY_DELAY_MS, example: 60000, description: 'Delay before the first retry.' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_RETRY_DELAY_MS)
  initialDelayMs?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_BACKOFF_MULTIPLIER, example: 2, description: 'Each further retry waits this many times longer.' })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(MAX_BACKOFF_MULTIPLIER)
  backoffMultiplier?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_RETRY_DELAY_MS, example: 3600000, description: 'Cap on any retry delay; at least initialDelayMs.' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_RETRY_DELAY_MS)
  maxDelayMs?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 4294967295,
    default: DEFAULT_SIMULATION_SEED,
    example: 12,
    description: 'Seed of the draws for attempts the log does not hold; the same seed gives the same report.',
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(4294967295)
  seed?: number;
}
