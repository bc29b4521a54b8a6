import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { Optional } from '../shared/optional.decorator.js';

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class PreviewNumbersRequestDto {
  @ApiPropertyOptional({ example: '08:00', description: 'Recipient-local hours start, as the campaign would have them (default 08:00).' })
  @Optional()
  @Matches(TIME, { message: 'recipientHoursStart must be HH:MM' })
  recipientHoursStart?: string;

  @ApiPropertyOptional({ example: '21:00', description: 'Recipient-local hours end (default 21:00).' })
  @Optional()
  @Matches(TIME, { message: 'recipientHoursEnd must be HH:MM' })
  recipientHoursEnd?: string;

  @ApiPropertyOptional({ enum: ['builtin', 'none'], description: 'Whether the built-in legal calling-hour rules apply (default builtin).' })
  @Optional()
  @IsIn(['builtin', 'none'])
  complianceRules?: 'builtin' | 'none';
}

class InvalidSampleDto {
  @ApiProperty({
    description: 'The value as sent: any JSON value (a CSV row gives a string).',
    oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }],
  })
  value!: unknown;

  @ApiProperty()
  reason!: string;
}

class ZonePreviewDto {
  @ApiProperty({ example: 'America/New_York', description: 'The candidate zones, comma-separated; `unknown` when none resolved (the safe window applies).' })
  zones!: string;

  @ApiProperty()
  numbers!: number;

  @ApiProperty()
  dialableNow!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the first waiting number of the group may be dialed.' })
  nextOpenAt!: string | null;
}

export class NumberPreviewResponseDto {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Valid and distinct.' }) valid!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty({ type: [InvalidSampleDto], description: 'The first 20 refused values.' }) invalidSamples!: InvalidSampleDto[];
  @ApiProperty({ description: 'Valid numbers on the do-not-call list: they would be skipped.' }) doNotCall!: number;
  @ApiProperty({ description: 'Inside their local hours now.' }) dialableNow!: number;
  @ApiProperty({ description: 'Outside their local hours now: they would wait.' }) waiting!: number;
  @ApiProperty({ type: [ZonePreviewDto] }) byZone!: ZonePreviewDto[];
  @ApiProperty({ format: 'date-time', description: 'The instant the windows were evaluated at.' }) at!: string;
}
