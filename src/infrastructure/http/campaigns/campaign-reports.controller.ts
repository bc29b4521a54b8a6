import { Controller, Get, Inject, Param, Query, Req, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { ExportCampaignCallsQuery, GetCampaignStatsQuery, ListCampaignCallsQuery } from '../../../application/queries/queries.js';
import type { CallView, CampaignStats, Page } from '../../../application/views.js';
import { ApiErrors } from '../shared/api-docs.decorators.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { CallPageResponseDto, CampaignStatsResponseDto } from './dto/campaign.response.dto.js';
import { ListCampaignCallsRequestDto } from './dto/list-campaign-calls.request.dto.js';
import { callsCsv } from './calls-csv.js';

@ApiTags('campaigns')
@ApiSecurity('apiKey')
@Controller('campaigns/:id')
export class CampaignReportsController {
  constructor(@Inject(QueryBus) private readonly queryBus: QueryBus) {}

  @Get('stats')
  @ApiOperation({ summary: 'Campaign statistics', description: 'Counts by call status, attempts and retries.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CampaignStatsResponseDto })
  @ApiErrors(404)
  stats(@Param('id', UuidParamPipe) id: string): Promise<CampaignStats> {
    return this.queryBus.execute(new GetCampaignStatsQuery(id));
  }

  @Get('calls')
  @ApiOperation({
    summary: 'Calls of a campaign',
    description:
      'In the order the numbers were added; filter by status. With `Accept: text/csv`: every call of the campaign as one ' +
      'streamed CSV (no pagination; `limit`/`cursor` ignored): number, contact fields, status, last outcome, attempts, first/last ' +
      'attempt times, call id, then one column per variable.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  // One content type per schema: the CSV is text, not a page (errors stay JSON, hence no @ApiProduces).
  @ApiExtraModels(CallPageResponseDto)
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CallPageResponseDto) } },
      'text/csv': { schema: { type: 'string' }, example: 'phoneNumber,name,status\n+14155550100,Ada,completed\n' },
    },
  })
  @ApiErrors(404)
  async calls(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ListCampaignCallsRequestDto,
    @Req() req: Request,
  ): Promise<Page<CallView> | StreamableFile> {
    const { status, limit, cursor } = query;
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      const rows = await this.queryBus.execute(new ExportCampaignCallsQuery(id, status));
      return new StreamableFile(callsCsv(rows), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="campaign-${id}-calls.csv"` });
    }
    return this.queryBus.execute(new ListCampaignCallsQuery(id, { status, limit, cursor }));
  }
}
