import { Body, Controller, HttpCode, Inject, Logger, Post, UseGuards, ValidationPipe } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { RecordCallAnsweredCommand } from '../../../application/calls/record-call-answered.command.js';
import { RecordCallOutcomeCommand } from '../../../application/calls/record-call-outcome.command.js';
import type { CallOutcome } from '../../../domain/call/call.events.js';
import { IllegalStateError, NotFoundError } from '../../../domain/shared/errors.js';
import type { WebhookStatus } from '../../telephony/webhook-payload.js';
import { SIGNATURE_HEADER } from '../../telephony/webhook-signature.js';
import { PublicRoute } from '../api-key.guard.js';
import { ErrorResponseDto } from '../error.response.dto.js';
import { TelephonyWebhookRequestDto, TelephonyWebhookResponseDto } from './telephony-webhook.request.dto.js';
import { WebhookSignatureGuard } from './webhook-signature.guard.js';

const TERMINAL: Partial<Record<WebhookStatus, CallOutcome>> = {
  completed: 'answered',
  busy: 'busy',
  no_answer: 'no_answer',
  failed: 'error',
};

/**
 * The parameter is typed `Readonly<…>` so its runtime metatype is Object: the global pipe (which
 * refuses unknown fields) skips it, and this one validates while dropping fields providers add.
 */
const tolerantPipe = new ValidationPipe({ whitelist: true, transform: true, expectedType: TelephonyWebhookRequestDto });

@ApiTags('telephony')
// Authenticated by its HMAC signature instead of an API key; a provider's bursts are not rate limited.
@PublicRoute()
@Controller('telephony/webhooks')
export class TelephonyWebhookController {
  private readonly logger = new Logger('telephony-webhook');

  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  /**
   * Unknown calls and attempts never started answer 200 `ignored` (and are logged): a provider retries
   * anything else, and redelivering cannot make them known.
   */
  @Post()
  @HttpCode(200)
  @UseGuards(WebhookSignatureGuard)
  @ApiOperation({ summary: 'Provider status callback (HMAC-signed)' })
  @ApiHeader({ name: SIGNATURE_HEADER, required: true, description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>' })
  @ApiBody({ type: TelephonyWebhookRequestDto })
  @ApiOkResponse({ type: TelephonyWebhookResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A signed body that is not a valid callback; the message names the field' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, malformed, forged or stale (> 5 min either way) signature' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Rate limit exceeded (RATE_LIMIT_PER_MINUTE per client); see Retry-After.' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Database or event store unavailable: retry the callback later.' })
  async receive(@Body(tolerantPipe) body: Readonly<TelephonyWebhookRequestDto>): Promise<TelephonyWebhookResponseDto> {
    const context = { correlationId: randomUUID(), causationId: `${body.providerCallId}:${body.status}`, actor: 'telephony-provider' };
    const { callId, attempt, providerCallId } = body;
    const outcome = TERMINAL[body.status];
    if (body.status === 'ringing') return { result: 'progress' };
    const command =
      outcome === undefined
        ? new RecordCallAnsweredCommand({ callId, attempt, providerCallId }, context)
        : new RecordCallOutcomeCommand(
            { callId, attempt, outcome, providerCallId, durationMs: body.durationMs ?? null, optedOut: body.optedOut === true },
            context,
          );
    try {
      const { recorded } = await this.commandBus.execute(command);
      return { result: recorded ? 'recorded' : 'duplicate' };
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof IllegalStateError)) throw error;
      this.logger.warn(`ignored webhook ${body.status} for call ${body.callId} #${body.attempt}: ${error.message}`);
      return { result: 'ignored', reason: error.message };
    }
  }
}
