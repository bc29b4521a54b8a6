import { ApiProperty } from '@nestjs/swagger';
import { IsArray } from 'class-validator';
import { MAX_NUMBERS_PER_REQUEST } from '../../../../application/campaigns/numbers-limit.js';
import { NUMBER_ENTRY_SCHEMA } from './number-entry.schema.js';

export class AddNumbersRequestDto {
  @ApiProperty({
    type: 'array',
    items: NUMBER_ENTRY_SCHEMA,
    maxItems: MAX_NUMBERS_PER_REQUEST,
    example: ['+14155550100', '+1 (415) 555-0101', { phoneNumber: '+14155550102', name: 'Ada Lovelace', zip: '94105' }, 'not-a-number'],
    description: `Each validated on its own; at most ${MAX_NUMBERS_PER_REQUEST} (413 above).`,
  })
  @IsArray()
  phoneNumbers!: unknown[];
}
