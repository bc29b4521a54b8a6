import { ApiProperty } from '@nestjs/swagger';
import { DNC_SOURCES } from '../../../../domain/number/number.events.js';

class InvalidNumberDto {
  @ApiProperty({ example: 'not-a-number', description: 'The value as sent.' }) value!: unknown;
  @ApiProperty({ example: 'not a phone number' }) reason!: string;
}

export class AddToDoNotCallResponseDto {
  @ApiProperty({ example: 2, description: 'Numbers listed by this request; no dial is claimed for them from now on.' })
  added!: number;
  @ApiProperty({
    example: 1,
    description: 'Already listed (or repeated in the request). An entry is never shortened; a later expiry extends it.',
  })
  alreadyListed!: number;
  @ApiProperty({ type: [InvalidNumberDto], description: 'Not listed, in request order.' }) invalid!: InvalidNumberDto[];
}

export class DoNotCallEntryResponseDto {
  @ApiProperty({ example: '+14155550119' }) phoneNumber!: string;
  @ApiProperty({ example: 'asked not to be called' }) reason!: string;
  @ApiProperty({ enum: DNC_SOURCES, description: '`opt_out`: the person opted out during a call.' }) source!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null: for good.' }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The call of the opt-out.' }) callId!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the entry in force began; an extension keeps it.' }) listedAt!: string;
  @ApiProperty({ example: 'api-key:ops', description: 'Who made the latest change.' }) listedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

class DoNotCallChangeDto {
  @ApiProperty({ enum: ['added', 'removed'] }) action!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ enum: [...DNC_SOURCES, null], type: String, nullable: true }) source!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) callId!: string | null;
  @ApiProperty() actor!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DoNotCallEntryWithHistoryResponseDto extends DoNotCallEntryResponseDto {
  @ApiProperty({ type: [DoNotCallChangeDto], description: 'Every add and removal of this number, oldest first.' })
  history!: DoNotCallChangeDto[];
}

export class DoNotCallPageResponseDto {
  @ApiProperty({ type: [DoNotCallEntryResponseDto] }) items!: DoNotCallEntryResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null at the end.' })
  nextCursor!: string | null;
}
