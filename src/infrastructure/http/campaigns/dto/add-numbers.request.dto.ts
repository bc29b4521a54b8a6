import { ApiProperty } from '@nestjs/swagger';
import { IsArray } from 'class-validator';
import { MAX_NUMBERS_PER_REQUEST } from '../../../../application/campaigns/numbers-limit.js';

export class AddNumbersRequestDto {
  @ApiProperty({
    type: [String],
    maxItems: MAX_NUMBERS_PER_REQUEST,
    example: ['+14155550123', '+1 (415) 555-0124', 'not-a-number'],
    description: `Each validated on its own; at most ${MAX_NUMBERS_PER_REQUEST} (413 above).`,
  })
  @IsArray()
  phoneNumbers!: unknown[];
}
