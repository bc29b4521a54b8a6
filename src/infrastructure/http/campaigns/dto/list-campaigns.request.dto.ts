import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { CallStatus, CampaignStatus } from '../../../../application/views.js';
import { PageRequestDto } from './page.request.dto.js';

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = [
  'pending',
  'in_progress',
  'paused',
  'completed',
  'failed',
  'cancelled',
];
export const CALL_STATUSES: readonly CallStatus[] = [
  'pending',
  'in_progress',
  'retry_scheduled',
  'completed',
  'failed',
  'cancelled',
];

export class ListCampaignsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}

export class ListCallsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: CALL_STATUSES })
  @IsOptional()
  @IsIn(CALL_STATUSES)
  status?: CallStatus;
}
