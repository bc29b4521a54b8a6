import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Optional } from '../../shared/optional.decorator.js';

export class CancelCampaignRequestDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'client withdrew the list' })
  @Optional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
