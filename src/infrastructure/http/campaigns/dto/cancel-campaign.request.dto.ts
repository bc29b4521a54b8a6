import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelCampaignRequestDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'client withdrew the list' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
