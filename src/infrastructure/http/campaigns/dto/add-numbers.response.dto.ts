import { ApiProperty } from '@nestjs/swagger';

class InvalidNumberDto {
  @ApiProperty({
    example: 'not-a-number',
    description: 'The value as sent: any JSON value (a CSV row gives a string).',
    // `nullable` needs a `type` beside it (OpenAPI 3.0), so null rides on the string branch.
    oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }],
  })
  value!: unknown;
  @ApiProperty({ example: 'not a phone number' }) reason!: string;
}

export class AddNumbersResponseDto {
  @ApiProperty({ example: 2, description: 'Numbers new to the campaign, now pending.' }) added!: number;
  @ApiProperty({ example: 1, description: 'Repeated in the request or already in the campaign; dropped.' })
  duplicates!: number;
  @ApiProperty({ type: [InvalidNumberDto], description: 'Not added, in request order.' })
  invalid!: InvalidNumberDto[];
}
