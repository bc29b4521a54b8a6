import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { nullableObject } from '../shared/api-docs.decorators.js';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../shared/optional.decorator.js';
import { ALL_EVENTS, EVENT_TYPE_PATTERN } from '../../../domain/webhooks/webhook-events.js';

const EVENT_OR_ALL = new RegExp(`${EVENT_TYPE_PATTERN.source}|^\\${ALL_EVENTS}$`);

export class CreateWebhookRequestDto {
  @ApiProperty({ example: 'https://hooks.example.com/dialstream', description: 'http or https; loopback and private addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ example: ['CallCompleted', 'CampaignCompleted'], description: 'Event types to receive, or ["*"] for every campaign, call and do-not-call event' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(EVENT_OR_ALL, { each: true, message: 'each value in events must be an event type such as CallCompleted, or "*"' })
  events!: string[];

  @ApiPropertyOptional({ description: 'HMAC key for Dialstream-Signature; generated when omitted. Returned only in this response.', minLength: 16 })
  @Optional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;
}

export class WebhookBacklogDto {
  @ApiProperty() events!: number;
  @ApiProperty({ description: 'true when counting stopped at 1,000 events' }) atLeast!: boolean;
}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: ['active', 'retrying', 'parked'] }) status!: string;
  @ApiProperty({ description: 'Events delivered (2xx) so far' }) delivered!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSuccessAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastFailureAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ description: 'Failed tries of the event now being delivered' }) failures!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) failingSince!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextRetryAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set when retries gave up; POST /webhooks/:id/resume' }) parkedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Global position of the last event handled' }) checkpoint!: string | null;
  @ApiProperty({
    ...nullableObject(WebhookBacklogDto),
    description: 'Only on GET /webhooks/:id; null elsewhere',
  })
  backlog!: WebhookBacklogDto | null;
}

export class WebhookPageResponseDto {
  @ApiProperty({ type: [WebhookResponseDto] }) items!: WebhookResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CreatedWebhookResponseDto extends WebhookResponseDto {
  @ApiProperty({ description: 'Shown only in this response: store it to verify Dialstream-Signature' }) secret!: string;
}
