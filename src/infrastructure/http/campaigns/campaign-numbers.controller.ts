import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConsumes,
  ApiExtraModels,
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

const CSV_EXAMPLE = 'phoneNumber,name\n+14155550123,Ada\n+14155550124,Grace\n';

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
}
