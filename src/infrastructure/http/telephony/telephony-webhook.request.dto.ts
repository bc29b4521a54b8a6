import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { WEBHOOK_STATUSES, type WebhookStatus } from '../../telephony/webhook-payload.js';

/** The provider's status callback. Fields we do not know are dropped, not refused: providers add fields. */
export class TelephonyWebhookRequestDto {
  @ApiProperty({ example: 'mock_6f1c…' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  providerCallId!: string;

  @ApiProperty({ format: 'uuid', description: 'The `callId` given to dial()' })
  @IsUUID()
  callId!: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  attempt!: number;

  @ApiProperty({ enum: WEBHOOK_STATUSES, description: '`ringing` is progress only; `answered` stops the ring clock (recorded as `CallAnswered`)' })
  @IsIn(WEBHOOK_STATUSES)
  status!: WebhookStatus;

  @ApiPropertyOptional({ minimum: 0, description: 'Call length; on terminal statuses' })
  @IsOptional()
  @IsInt()
  @Min(0)
  durationMs?: number;

  @ApiPropertyOptional({ description: 'On `completed`: the person opted out during the call; the number joins the do-not-call list' })
  @IsOptional()
  @IsBoolean()
  optedOut?: boolean;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiPropertyOptional({
    description: 'The contact given to dial(), echoed back; accepted and not stored',
    type: 'object',
    properties: { name: { type: 'string' }, variables: { type: 'object', additionalProperties: { type: 'string' } } },
  })
  @IsOptional()
  @IsObject()
  contact?: Readonly<{ name?: string; variables?: Readonly<Record<string, string>> }>;
}

export class TelephonyWebhookResponseDto {
  @ApiProperty({
    enum: ['recorded', 'duplicate', 'progress', 'ignored'],
    description:
      '`recorded`: an outcome or an answer was recorded; `duplicate`: it was already recorded (or belongs to an older or ended attempt); `progress`: `ringing`; `ignored`: unknown call or attempt, logged',
  })
  result!: 'recorded' | 'duplicate' | 'progress' | 'ignored';

  @ApiPropertyOptional()
  reason?: string;
}
