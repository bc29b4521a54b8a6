import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Contact } from '../../../domain/phone/number-entry.js';
import { CALL_OUTCOMES, SKIP_REASONS, type CallOutcome, type SkipReason } from '../../../domain/call/call.events.js';
import { CALL_STATUSES } from '../../../domain/call/call.state.js';
import { WAITING_REASONS, type AttemptView, type CallStatus, type CallView, type WaitingReason } from '../../../application/views.js';
import { nullableObject } from '../shared/api-docs.decorators.js';

/** Swagger's picture of `CallView`; the query result is returned as it is. */
class AttemptResponseDto implements AttemptView {
  @ApiProperty({ minimum: 1 }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt!: string | null;
  @ApiProperty({ enum: [...CALL_OUTCOMES, null], type: String, nullable: true }) outcome!: CallOutcome | null;
  @ApiProperty({ nullable: true, type: String }) providerCallId!: string | null;
}

export class ContactResponseDto implements Contact {
  @ApiPropertyOptional({ example: 'Ada Lovelace' }) name?: string;
  @ApiPropertyOptional({ example: 'America/Los_Angeles' }) timezone?: string;
  @ApiPropertyOptional({ example: '94105' }) zip?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { policy: 'R-1042' } })
  variables?: Record<string, string>;
}

export class CallResponseDto implements CallView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a single call' })
  campaignId!: string | null;
  @ApiProperty({ example: '+14155550100' }) phoneNumber!: string;
  @ApiProperty({ enum: CALL_STATUSES }) status!: CallStatus;
  @ApiProperty({
    enum: [...SKIP_REASONS, null],
    type: String,
    nullable: true,
    description: 'Why a `skipped` call is never dialed: `dnc` (on the do-not-call list) or `opted_out`; null otherwise.',
  })
  skipReason!: SkipReason | null;
  @ApiProperty({ enum: [...CALL_OUTCOMES, null], type: String, nullable: true }) lastOutcome!: CallOutcome | null;
  @ApiProperty({ type: [AttemptResponseDto] }) attempts!: AttemptResponseDto[];
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the call may be dialed next, while it waits; null when not waiting or when unknown.',
  })
  nextAttemptAt!: string | null;
  @ApiProperty({
    enum: [...WAITING_REASONS, null],
    type: String,
    nullable: true,
    description:
      'What a waiting call waits for: its retry delay, the recipient\'s legal hours, a frequency cap, …; null when not waiting ' +
      'or nothing was recorded (the campaign view counts those as `campaign_hours` while its window is closed).',
  })
  waitingFor!: WaitingReason | null;
  @ApiProperty({ ...nullableObject(ContactResponseDto), description: 'Contact fields given with the number; null when none' })
  contact!: ContactResponseDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
