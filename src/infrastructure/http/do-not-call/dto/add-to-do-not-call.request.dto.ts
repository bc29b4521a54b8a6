import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsArray, IsISO8601, IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../shared/optional.decorator.js';
import { MAX_DNC_NUMBERS_PER_REQUEST } from '../../../../application/do-not-call/add-to-do-not-call.handler.js';
import { MAX_REASON_LENGTH } from '../../../../domain/number/number.decider.js';

const EXPIRES_AT_DOC = {
  format: 'date-time',
  example: '2031-11-24T00:00:00Z',
  description: 'ISO 8601 with a zone, in the future. Omitted: the entry stays until removed.',
};
/** A zone-less date-time would be read in the server's zone: the client must say which instant it means. */
const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i, { message: '$property must be a date-time with a zone, e.g. 2031-11-24T00:00:00Z' }),
  );
const REASON_DOC = { example: 'asked not to be called', maxLength: MAX_REASON_LENGTH };

export class AddToDoNotCallRequestDto {
  @ApiProperty({
    type: [String],
    maxItems: MAX_DNC_NUMBERS_PER_REQUEST,
    example: ['+14155550119', '+1 (415) 555-0118', 'not-a-number'],
    description: `Each validated on its own; at most ${MAX_DNC_NUMBERS_PER_REQUEST} (413 above).`,
  })
  @IsArray()
  phoneNumbers!: unknown[];

  @ApiProperty(REASON_DOC)
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  reason!: string;

  @ApiPropertyOptional(EXPIRES_AT_DOC)
  @Optional()
  @IsInstant()
  expiresAt?: string;
}

/** A CSV body carries only numbers: the entry's reason and expiry come as query parameters. */
export class AddToDoNotCallCsvQueryDto {
  @ApiPropertyOptional({ ...REASON_DOC, description: 'Required with a CSV body.' })
  @Optional()
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string;

  @ApiPropertyOptional(EXPIRES_AT_DOC)
  @Optional()
  @IsInstant()
  expiresAt?: string;
}
