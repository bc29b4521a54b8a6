import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { Optional } from '../../shared/optional.decorator.js';

export class GetCampaignRequestDto {
  @ApiPropertyOptional({
    example: '2026-11-24T14:00:00Z',
    description: 'The campaign as it stood at this instant, folded from its events. 400 before it existed.',
  })
  @Optional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
