import { Controller, Delete, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConsumes,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AddNumbersCommand } from '../../../application/campaigns/add-numbers/add-numbers.command.js';
import { MAX_NUMBERS_PER_REQUEST } from '../../../application/campaigns/numbers-limit.js';
import { RemoveNumberCommand } from '../../../application/campaigns/remove-number/remove-number.command.js';
import { PhoneNumberParamPipe } from '../do-not-call/phone-number-param.pipe.js';
import { IdempotentRequest } from '../idempotency/idempotent-request.js';
import { ApiErrors, ApiIdempotencyKey } from '../shared/api-docs.decorators.js';
import { commandMeta } from '../shared/command-meta.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { CAMPAIGN_HEADERS } from './campaign-docs.decorators.js';
import { CampaignResponder } from './campaign-responder.js';
import { AddNumbersRequestDto } from './dto/add-numbers.request.dto.js';
import { AddNumbersResponseDto } from './dto/add-numbers.response.dto.js';
import { etag } from './http-headers.js';
import { readNumbersBody } from './numbers-body.reader.js';

const CSV_EXAMPLE = 'phoneNumber,name\n+14155550100,Ada\n+14155550101,Grace\n';

@ApiTags('campaigns')
@ApiSecurity('apiKey')
@ApiExtraModels(AddNumbersRequestDto)
@Controller('campaigns/:id/numbers')
export class CampaignNumbersController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(CampaignResponder) private readonly responder: CampaignResponder,
    @Inject(IdempotentRequest) private readonly idempotent: IdempotentRequest,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add phone numbers',
    description:
      `Up to ${MAX_NUMBERS_PER_REQUEST} numbers per request (413 above), as JSON or as CSV (one number per line, ` +
      'or a header row with a `phoneNumber` column). Valid new numbers are added; invalid ones are reported ' +
      'with a reason; repeats (in the request or already in the campaign) are counted and dropped.',
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(AddNumbersRequestDto) } },
        'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE },
      },
    },
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: AddNumbersResponseDto, headers: CAMPAIGN_HEADERS })
  @ApiErrors(404, 409, 413, 415, 422)
  async add(
    @Param('id', UuidParamPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { values, hash } = await readNumbersBody(req);
    return this.idempotent.respond(req, res, hash, async (idempotent) => {
      const result = await this.commandBus.execute(new AddNumbersCommand(id, values, commandMeta(req, idempotent)));
      await this.responder.awaitReadModels(result, res);
      const { added, duplicates, invalid } = result;
      const body: AddNumbersResponseDto = { added, duplicates, invalid: [...invalid] };
      return { statusCode: 200, headers: { ETag: etag(result.version) }, body: JSON.stringify(body) };
    });
  }

  @Delete(':phoneNumber')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a phone number',
    description:
      'A call not dialed yet, or waiting for a retry, is cancelled; an attempt in flight finishes and is not retried ' +
      '(its call ends `cancelled` if it would have been); a call that ended keeps its result. The number stays in the ' +
      'call list and export with that status, and the stats count it. Removing it again answers 204; adding it again ' +
      'counts as a duplicate. 404 when the number is not in the campaign; 409 once the campaign has ended ' +
      '(completed, failed or cancelled: its results are final).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'phoneNumber', example: '+14155550100', description: 'E.164; write `+` as `%2B` (a raw `+` works too).' })
  @ApiNoContentResponse({ description: 'Removed.', headers: CAMPAIGN_HEADERS })
  @ApiErrors(404, 409)
  async remove(
    @Param('id', UuidParamPipe) id: string,
    @Param('phoneNumber', PhoneNumberParamPipe) phoneNumber: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const result = await this.commandBus.execute(new RemoveNumberCommand(id, phoneNumber, commandMeta(req)));
    res.setHeader('ETag', etag(result.version));
    await this.responder.awaitReadModels(result, res);
  }
}
