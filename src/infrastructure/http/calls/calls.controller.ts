import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ScheduleSingleCallCommand } from '../../../application/calls/schedule-single-call.command.js';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '../../../application/ports/read-model-progress.port.js';
import { GetCallQuery } from '../../../application/queries/queries.js';
import type { CallView } from '../../../application/views.js';
import { hashJsonBody } from '../idempotency/idempotency-key.js';
import { IdempotentRequest } from '../idempotency/idempotent-request.js';
import { ApiErrors, ApiIdempotencyKey, READ_MODEL_LAG_HEADER_DOC } from '../shared/api-docs.decorators.js';
import { commandMeta } from '../shared/command-meta.js';
import { awaitReadModels } from '../shared/read-your-writes.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { CallResponseDto } from './call.response.dto.js';
import { ScheduleCallRequestDto, ScheduledCallResponseDto } from './schedule-call.request.dto.js';

@ApiTags('calls')
@ApiSecurity('apiKey')
@Controller('calls')
export class CallsController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(QueryBus) private readonly queryBus: QueryBus,
    @Inject(IdempotentRequest) private readonly idempotent: IdempotentRequest,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
  ) {}

  /** Answers once the read models show the call, as for campaigns, so a GET right after the 202 finds it. */
  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Call one number outside any campaign; the dialer places it under the default cap' })
  @ApiIdempotencyKey()
  @ApiBody({ type: ScheduleCallRequestDto })
  @ApiAcceptedResponse({
    type: ScheduledCallResponseDto,
    headers: {
      Location: { description: 'The call, e.g. /api/v1/calls/<id>', schema: { type: 'string' } },
      ...READ_MODEL_LAG_HEADER_DOC,
    },
  })
  @ApiErrors(422)
  schedule(@Body() body: ScheduleCallRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.idempotent.respond(req, res, hashJsonBody(body), async (idempotent) => {
      const scheduled = await this.commandBus.execute(new ScheduleSingleCallCommand(body.phoneNumber, commandMeta(req, idempotent)));
      await awaitReadModels(this.progress, scheduled.position, res);
      const payload: ScheduledCallResponseDto = { id: scheduled.callId, status: scheduled.status };
      return { statusCode: 202, headers: { Location: `/api/v1/calls/${scheduled.callId}` }, body: JSON.stringify(payload) };
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A call: status, last outcome, attempts (start, end, outcome, provider call id), next attempt' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CallResponseDto })
  @ApiErrors(404)
  get(@Param('id', UuidParamPipe) id: string): Promise<CallView> {
    return this.queryBus.execute(new GetCallQuery(id));
  }
}
