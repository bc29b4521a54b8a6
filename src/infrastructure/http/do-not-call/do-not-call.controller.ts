import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConsumes,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { MAX_DNC_NUMBERS_PER_REQUEST } from '../../../application/do-not-call/add-to-do-not-call.handler.js';
import { AddToDoNotCallCommand, RemoveFromDoNotCallCommand } from '../../../application/do-not-call/do-not-call.commands.js';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '../../../application/ports/read-model-progress.port.js';
import { GetDoNotCallEntryQuery, ListDoNotCallQuery } from '../../../application/queries/queries.js';
import type { DoNotCallEntryView, DoNotCallEntryWithHistoryView, Page } from '../../../application/views.js';
import { IdempotentRequest } from '../idempotency/idempotent-request.js';
import { ApiErrors, ApiIdempotencyKey, READ_MODEL_LAG_HEADER_DOC } from '../shared/api-docs.decorators.js';
import { commandMeta } from '../shared/command-meta.js';
import { awaitReadModels } from '../shared/read-your-writes.js';
import { readDoNotCallBody } from './do-not-call-body.reader.js';
import { AddToDoNotCallCsvQueryDto, AddToDoNotCallRequestDto } from './dto/add-to-do-not-call.request.dto.js';
import {
  AddToDoNotCallResponseDto,
  DoNotCallEntryWithHistoryResponseDto,
  DoNotCallPageResponseDto,
} from './dto/do-not-call.response.dto.js';
import { ListDoNotCallRequestDto } from './dto/list-do-not-call.request.dto.js';
import { PhoneNumberParamPipe } from './phone-number-param.pipe.js';

const PHONE_PARAM = { name: 'phoneNumber', example: '+14155550119', description: 'E.164; write `+` as `%2B`.' } as const;

@ApiTags('do-not-call')
@ApiSecurity('apiKey')
@ApiExtraModels(AddToDoNotCallRequestDto)
@Controller('dnc')
export class DoNotCallController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(QueryBus) private readonly queryBus: QueryBus,
    @Inject(IdempotentRequest) private readonly idempotent: IdempotentRequest,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
  ) {}

  /** The 200 means every listed number is in its stream: no dial of it is claimed from then on (invariant 9). */
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add numbers to the do-not-call list',
    description:
      `Up to ${MAX_DNC_NUMBERS_PER_REQUEST} numbers, as JSON or as CSV (one number per line, or a header row with a ` +
      '`phoneNumber` column; `reason` and `expiresAt` then as query parameters). Recorded on each number\'s stream, ' +
      'which dial claims are serialised against; the dialer does not check the list yet (see the README\'s Status).',
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(AddToDoNotCallRequestDto) } },
        'text/csv': { schema: { type: 'string' }, example: 'phoneNumber\n+14155550118\n+14155550119\n' },
      },
    },
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiQuery({ type: AddToDoNotCallCsvQueryDto })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: AddToDoNotCallResponseDto, headers: READ_MODEL_LAG_HEADER_DOC })
  @ApiErrors(409, 413, 415, 422)
  async add(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { values, hash, ...entry } = await readDoNotCallBody(req);
    return this.idempotent.respond(req, res, hash, async (idempotent) => {
      const result = await this.commandBus.execute(new AddToDoNotCallCommand(values, entry, commandMeta(req, idempotent)));
      await awaitReadModels(this.progress, result.position, res);
      const { added, alreadyListed, invalid } = result;
      const body: AddToDoNotCallResponseDto = { added, alreadyListed, invalid: [...invalid] };
      return { statusCode: 200, headers: {}, body: JSON.stringify(body) };
    });
  }

  @Get()
  @ApiOperation({ summary: 'List the do-not-call entries in force', description: 'Newest first; expired entries are gone.' })
  @ApiOkResponse({ type: DoNotCallPageResponseDto })
  @ApiErrors()
  list(@Query() query: ListDoNotCallRequestDto): Promise<Page<DoNotCallEntryView>> {
    const { source, limit, cursor } = query;
    return this.queryBus.execute(new ListDoNotCallQuery({ source, limit, cursor }));
  }

  @Get(':phoneNumber')
  @ApiOperation({ summary: 'One entry in force, with every add and removal of the number' })
  @ApiParam(PHONE_PARAM)
  @ApiOkResponse({ type: DoNotCallEntryWithHistoryResponseDto })
  @ApiErrors(404)
  get(@Param('phoneNumber', PhoneNumberParamPipe) phoneNumber: string): Promise<DoNotCallEntryWithHistoryView> {
    return this.queryBus.execute(new GetDoNotCallEntryQuery(phoneNumber));
  }

  @Delete(':phoneNumber')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a number from the list; 404 when it is not listed (or its entry expired)' })
  @ApiParam(PHONE_PARAM)
  @ApiNoContentResponse({ headers: READ_MODEL_LAG_HEADER_DOC })
  @ApiErrors(404, 409)
  async remove(
    @Param('phoneNumber', PhoneNumberParamPipe) phoneNumber: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const { position } = await this.commandBus.execute(new RemoveFromDoNotCallCommand(phoneNumber, commandMeta(req)));
    await awaitReadModels(this.progress, position, res);
  }
}
