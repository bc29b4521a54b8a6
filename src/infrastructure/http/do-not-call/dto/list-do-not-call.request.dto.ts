import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../shared/optional.decorator.js';
import { DNC_SOURCES, type DncSource } from '../../../../domain/number/number.events.js';
import { PageRequestDto } from '../../shared/page.request.dto.js';

export class ListDoNotCallRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: DNC_SOURCES })
  @Optional()
  @IsIn(DNC_SOURCES)
  source?: DncSource;
}
