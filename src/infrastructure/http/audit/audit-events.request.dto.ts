import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PageRequestDto } from '../shared/page.request.dto.js';

/** The audit trail's cursor is a stream version, which the query reads as a number. */
export class AuditEventsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page (a stream version).', example: '50' })
  @Matches(/^\d{1,9}$/, { message: 'cursor must be the nextCursor of a previous page' })
  declare cursor?: string;
}
