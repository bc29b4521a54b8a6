import { ApiProperty } from '@nestjs/swagger';

class RetryPolicyViewDto {
  @ApiProperty({ example: 2 }) maxRetries!: number;
  @ApiProperty({ example: 60000 }) initialDelayMs!: number;
  @ApiProperty({ example: 2 }) backoffMultiplier!: number;
  @ApiProperty({ example: 3600000 }) maxDelayMs!: number;
}

class RecordedRunDto {
  @ApiProperty({ example: 24 }) attempts!: number;
  @ApiProperty({ example: 9 }) completed!: number;
  @ApiProperty({ example: 4 }) failed!: number;
  @ApiProperty({ example: 0 }) skipped!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 3968 }) durationMs!: number | null;
}

class SimulatedRunDto extends RecordedRunDto {
  @ApiProperty({ example: 12 }) seed!: number;
  @ApiProperty({ example: 3 }) maxConcurrentCalls!: number;
  @ApiProperty({ type: RetryPolicyViewDto }) retryPolicy!: RetryPolicyViewDto;
  @ApiProperty({ example: 0, description: 'Attempts the log did not hold, drawn (seeded) from the number’s, else the campaign’s, recorded outcomes.' })
  drawnAttempts!: number;
  @ApiProperty({ enum: ['completed', 'failed', 'stalled', 'horizon'], description: 'How the simulated run ended (`horizon`: still going after a year of virtual time).' })
  end!: string;
  @ApiProperty({ example: 40, description: "How often the dialer's decide ran on the virtual clock." }) decisions!: number;
}

class RatiosDto {
  @ApiProperty({ type: Number, nullable: true, example: 1 }) attempts!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) completed!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) failed!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.9967 }) durationMs!: number | null;
}

export class SimulationResponseDto {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { maxRetries: 3 }, description: 'What changed from the recorded config.' })
  overrides!: Record<string, number>;
  @ApiProperty({ type: RecordedRunDto, description: 'What the log says the run did.' }) recorded!: RecordedRunDto;
  @ApiProperty({ type: SimulatedRunDto }) simulated!: SimulatedRunDto;
  @ApiProperty({ type: RatiosDto, description: 'Simulated ÷ recorded.' }) ratio!: RatiosDto;
}

class RemainingDto {
  @ApiProperty({ example: 120 }) neverAttempted!: number;
  @ApiProperty({ example: 5 }) inFlight!: number;
  @ApiProperty({ example: 7, description: 'Retries and calls waiting for their recipient’s hours.' }) waiting!: number;
}

export class CampaignEtaResponseDto {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ example: 'in_progress' }) status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Windows and recipient hours included.' }) estimatedFinishAt!: string | null;
  @ApiProperty({ enum: ['completed', 'failed', 'stalled', 'horizon', 'finished', 'paused', 'not_running'] }) end!: string;
  @ApiProperty({ type: RemainingDto }) remaining!: RemainingDto;
  @ApiProperty({ example: 310, description: 'Recorded attempts the estimate draws from (0: an assumed 30 s answered call each).' }) basedOnAttempts!: number;
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
}
