import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DNC_SOURCES, type DncSource } from '../../../../domain/number/number.events.js';
import { PageRequestDto } from '../../shared/page.request.dto.js';

export class ListDoNotCallRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: DNC_SOURCES })
  @IsOptional()
  @IsIn(DNC_SOURCES)
  source?: DncSource;
}
