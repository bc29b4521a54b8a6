import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'schedule.timezone' })
  field!: string;

  @ApiProperty({ example: 'must be an IANA time zone, e.g. America/New_York' })
  message!: string;
}

/** The one error shape of DESIGN §3, documented for every error response. */
@ApiExtraModels(FieldErrorDto)
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'schedule.timezone: must be an IANA time zone, e.g. America/New_York' })
  message!: string;

  @ApiPropertyOptional({
    description: 'For 400: every field that failed, by path (body, query, path parameter or header). For 413: the limit.',
    oneOf: [
      { type: 'array', items: { $ref: getSchemaPath(FieldErrorDto) } },
      { type: 'object', properties: { limit: { type: 'number', example: 100000 } } },
    ],
  })
  details?: FieldErrorDto[] | { limit: number };
}
