import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CALL_STATUSES, type CallStatus } from '../../../../domain/call/call.state.js';
import { PageRequestDto } from '../../shared/page.request.dto.js';
import { Optional } from '../../shared/optional.decorator.js';

export class ListCampaignCallsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: CALL_STATUSES })
  @Optional()
  @IsIn(CALL_STATUSES)
  status?: CallStatus;
}
