import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { CreateCampaignCommand } from '../../../application/campaigns/create-campaign/create-campaign.command.js';
import { DeleteCampaignCommand } from '../../../application/campaigns/delete-campaign/delete-campaign.command.js';
import { UpdateCampaignCommand } from '../../../application/campaigns/update-campaign/update-campaign.command.js';
import { GetCampaignQuery, ListCampaignsQuery } from '../../../application/queries/queries.js';
import type { CampaignView, Page } from '../../../application/views.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { hashJsonBody } from '../idempotency/idempotency-key.js';
import { IdempotentRequest } from '../idempotency/idempotent-request.js';
import { ApiErrors, ApiIdempotencyKey } from '../shared/api-docs.decorators.js';
import { commandMeta } from '../shared/command-meta.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { ApiIfMatch, CAMPAIGN_HEADERS } from './campaign-docs.decorators.js';
import { toCampaignConfig, toConfigPatch } from './campaign-config.mapper.js';
import { CampaignResponder } from './campaign-responder.js';
import { CampaignPageResponseDto, CampaignResponseDto } from './dto/campaign.response.dto.js';
import { CreateCampaignRequestDto } from './dto/create-campaign.request.dto.js';
import { GetCampaignRequestDto } from './dto/get-campaign.request.dto.js';
import { ListCampaignsRequestDto } from './dto/list-campaigns.request.dto.js';
import { UpdateCampaignRequestDto } from './dto/update-campaign.request.dto.js';
import { etag, parseIfMatch } from './http-headers.js';

const CAMPAIGN_ID_NAMESPACE = '9e1c7b52-3d8a-4f60-b2e4-7a5c0d9f1e36';

@ApiTags('campaigns')
@ApiSecurity('apiKey')
@Controller('campaigns')
export class CampaignsController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(QueryBus) private readonly queryBus: QueryBus,
    @Inject(CampaignResponder) private readonly responder: CampaignResponder,
    @Inject(IdempotentRequest) private readonly idempotent: IdempotentRequest,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a campaign',
    description: 'Status `pending`; numbers may be given now (all valid, or 400) or added later.',
  })
  @ApiIdempotencyKey()
  @ApiBody({ type: CreateCampaignRequestDto })
  @ApiCreatedResponse({
    type: CampaignResponseDto,
    headers: { ...CAMPAIGN_HEADERS, Location: { description: 'The new campaign.', schema: { type: 'string' } } },
  })
  @ApiErrors(409, 413, 422)
  async create(
    @Body() body: CreateCampaignRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return this.idempotent.respond(req, res, hashJsonBody(req.body), async (idempotent) => {
      // Keyed: the id derives from the key, so a retry after a crash finds the campaign it created.
      const id = idempotent ? uuidv5(idempotent.requestId, CAMPAIGN_ID_NAMESPACE) : randomUUID();
      const config = toCampaignConfig(id, body, this.config.DEFAULT_MAX_CONCURRENT_CALLS);
      const command = new CreateCampaignCommand(id, config, body.phoneNumbers ?? [], commandMeta(req, idempotent));
      const view = await this.responder.campaignAfter(await this.commandBus.execute(command), res);
      const headers = { ETag: String(res.getHeader('ETag')), Location: `/api/v1/campaigns/${id}` };
      return { statusCode: 201, headers, body: JSON.stringify(view) };
    });
  }

  @Get()
  @ApiOperation({ summary: 'List campaigns', description: 'Newest first; filter by status; cursor pagination.' })
  @ApiOkResponse({ type: CampaignPageResponseDto })
  @ApiErrors()
  list(@Query() query: ListCampaignsRequestDto): Promise<Page<CampaignView>> {
    const { status, limit, cursor } = query;
    return this.queryBus.execute(new ListCampaignsQuery({ status, limit, cursor }));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a campaign',
    description: 'Config, status, stats, nextWindowOpensAt; `asOf`: as it stood then, folded from its events.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignResponseDto, headers: { ETag: CAMPAIGN_HEADERS.ETag } })
  @ApiErrors(404)
  async get(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: GetCampaignRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CampaignView> {
    const view = await this.queryBus.execute(new GetCampaignQuery(id, query.asOf ? new Date(query.asOf) : undefined));
    if (!query.asOf) res.setHeader('ETag', etag(view.version));
    return view;
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change name, schedule, cap or retry policy',
    description: 'Merge patch: nested objects merge, arrays replace. Applies to future dials.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiIfMatch()
  @ApiBody({ type: UpdateCampaignRequestDto })
  @ApiOkResponse({ type: CampaignResponseDto, headers: CAMPAIGN_HEADERS })
  @ApiErrors(404, 409, 412)
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateCampaignRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CampaignView> {
    const command = new UpdateCampaignCommand(id, toConfigPatch(body), commandMeta(req), parseIfMatch(ifMatch));
    return this.responder.campaignAfter(await this.commandBus.execute(command), res);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a campaign',
    description: 'Not while in progress or paused (cancel first). Events stay for audit.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted; GET now answers 404.' })
  @ApiErrors(404, 409, 412)
  async remove(
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const command = new DeleteCampaignCommand(id, commandMeta(req), parseIfMatch(ifMatch));
    await this.responder.awaitReadModels(await this.commandBus.execute(command), res);
  }
}
