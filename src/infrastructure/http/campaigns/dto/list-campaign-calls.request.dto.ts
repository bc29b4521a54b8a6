import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CALL_STATUSES, type CallStatus } from '../../../../domain/call/call.state.js';
import { PageRequestDto } from '../../shared/page.request.dto.js';

export class ListCampaignCallsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: CALL_STATUSES })
  @IsOptional()
  @IsIn(CALL_STATUSES)
  status?: CallStatus;
}
