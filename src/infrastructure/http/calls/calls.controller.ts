import { Body, Controller, Get, HttpCode, Inject, Optional, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ScheduleSingleCallCommand } from '../../../application/calls/schedule-single-call.command.js';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '../../../application/ports/read-model-progress.port.js';
import { GetCallQuery } from '../../../application/queries/queries.js';
import type { CallView } from '../../../application/views.js';
import { ApiErrors, ApiIdempotencyKey } from '../campaigns/api-docs.decorators.js';
import { READ_MODEL_LAG_HEADER, READ_YOUR_WRITES_TIMEOUT_MS } from '../campaigns/campaign-responder.js';
import { commandMeta } from '../campaigns/http-headers.js';
import { UuidParamPipe } from '../campaigns/uuid-param.pipe.js';
import { hashJsonBody } from '../idempotency/idempotency-key.js';
import { IdempotentRequest } from '../idempotency/idempotent-request.js';
import { CallResponseDto } from './call.response.dto.js';
import { ScheduleCallRequestDto, ScheduledCallResponseDto } from './schedule-call.request.dto.js';

type HttpRequest = Parameters<IdempotentRequest['respond']>[0];
type HttpResponse = Parameters<IdempotentRequest['respond']>[1];

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(QueryBus) private readonly queryBus: QueryBus,
    @Inject(IdempotentRequest) private readonly idempotent: IdempotentRequest,
    @Optional() @Inject(READ_MODEL_PROGRESS) private readonly progress?: ReadModelProgress,
  ) {}

  /**
   * Answers once the read models show the call (read-your-writes, as for campaigns), so a GET right
   * after the 202 finds it; `X-Read-Model-Lag: true` when they did not catch up in time.
   */
  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Call one number outside any campaign; the dialer places it under the default cap' })
  @ApiIdempotencyKey()
  @ApiBody({ type: ScheduleCallRequestDto })
  @ApiAcceptedResponse({
    type: ScheduledCallResponseDto,
    headers: { Location: { description: 'The call, e.g. /api/v1/calls/<id>', schema: { type: 'string' } } },
  })
  @ApiErrors(422)
  async schedule(
    @Body() body: ScheduleCallRequestDto,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<string> {
    return this.idempotent.respond(request, response, hashJsonBody(body), async (idempotent) => {
      const meta = commandMeta(request, idempotent);
      const scheduled = await this.commandBus.execute(new ScheduleSingleCallCommand(body.phoneNumber, meta));
      const caughtUp =
        scheduled.position === null || !this.progress || (await this.progress.waitFor(scheduled.position, READ_YOUR_WRITES_TIMEOUT_MS));
      const headers: Record<string, string> = { Location: `/api/v1/calls/${scheduled.callId}` };
      if (!caughtUp) headers[READ_MODEL_LAG_HEADER] = 'true';
      const payload: ScheduledCallResponseDto = { id: scheduled.callId, status: scheduled.status };
      return { statusCode: 202, headers, body: JSON.stringify(payload) };
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A call: status, last outcome, attempts (start, end, outcome, provider call id), next attempt' })
  @ApiOkResponse({ type: CallResponseDto })
  @ApiErrors(404)
  get(@Param('id', UuidParamPipe) id: string): Promise<CallView> {
    return this.queryBus.execute(new GetCallQuery(id));
  }
}
