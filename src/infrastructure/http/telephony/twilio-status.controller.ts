import { BadRequestException, Controller, HttpCode, Inject, Logger, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { RecordCallAnsweredCommand } from '../../../application/calls/record-call-answered.command.js';
import { RecordCallOutcomeCommand } from '../../../application/calls/record-call-outcome.command.js';
import { IllegalStateError, NotFoundError } from '../../../domain/shared/errors.js';
import { meaningOf } from '../../telephony/twilio/twilio-status.js';
import { PublicRoute } from '../api-key.guard.js';
import { ErrorResponseDto } from '../error.response.dto.js';
import { TelephonyWebhookResponseDto } from './telephony-webhook.request.dto.js';
import { TwilioSignatureGuard } from './twilio-signature.guard.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const FORM_SCHEMA = {
  type: 'object',
  required: ['CallSid', 'CallStatus'],
  properties: {
    CallSid: { type: 'string' },
    CallStatus: { type: 'string', enum: ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'] },
    AnsweredBy: { type: 'string', description: 'With answering-machine detection: human, machine_start, machine_end_beep, …, fax, unknown' },
    CallDuration: { type: 'string', description: 'Seconds, on completed' },
  },
  additionalProperties: true,
};

/**
 * Twilio's status callbacks (DESIGN §7.4) fed into the same commands as the mock's webhook. Our
 * call and attempt travel in the signed StatusCallback URL; replays, duplicates and late or
 * reordered statuses are absorbed by the call decider, which records each outcome once.
 */
@ApiTags('telephony')
// Authenticated by Twilio's signature instead of an API key.
@PublicRoute()
@Controller('telephony/twilio/status')
export class TwilioStatusController {
  private readonly logger = new Logger('twilio-status');

  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(200)
  @UseGuards(TwilioSignatureGuard)
  @ApiOperation({ summary: 'Twilio status callback (X-Twilio-Signature), set as StatusCallback on every call' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiHeader({ name: 'X-Twilio-Signature', required: true, description: "Twilio's signature of the URL and form parameters" })
  @ApiQuery({ name: 'callId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'attempt', required: true, schema: { type: 'integer', minimum: 1 } })
  @ApiBody({ schema: FORM_SCHEMA })
  @ApiOkResponse({ type: TelephonyWebhookResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Signed, but without our callId and attempt or a CallSid' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'The signature does not match: forged or altered' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many forged signatures from this address' })
  async receive(@Req() request: Request): Promise<TelephonyWebhookResponseDto> {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const callId = text(request.query.callId);
    const attempt = Number(text(request.query.attempt));
    const providerCallId = text(form.CallSid);
    const status = text(form.CallStatus) ?? '';
    if (!callId || !UUID.test(callId) || !Number.isInteger(attempt) || attempt < 1 || !providerCallId) {
      throw new BadRequestException('a Twilio status callback needs callId and attempt in its URL and a CallSid');
    }
    const meaning = meaningOf(status, text(form.AnsweredBy), text(form.CallDuration));
    if (meaning === null) {
      this.logger.warn(`ignored Twilio status ${JSON.stringify(status)} for call ${callId} #${attempt}`);
      return { result: 'ignored', reason: `unknown CallStatus ${JSON.stringify(status)}` };
    }
    if (meaning.kind === 'progress') return { result: 'progress' };
    const context = { correlationId: randomUUID(), causationId: `${providerCallId}:${status}`, actor: 'twilio' };
    const command =
      meaning.kind === 'answered'
        ? new RecordCallAnsweredCommand({ callId, attempt, providerCallId }, context)
        : new RecordCallOutcomeCommand({ callId, attempt, outcome: meaning.outcome, providerCallId, durationMs: meaning.durationMs, optedOut: false }, context);
    try {
      const { recorded } = await this.commandBus.execute(command);
      return { result: recorded ? 'recorded' : 'duplicate' };
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof IllegalStateError)) throw error;
      this.logger.warn(`ignored Twilio status ${status} for call ${callId} #${attempt}: ${error.message}`);
      return { result: 'ignored', reason: error.message };
    }
  }
}
