import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { GetCampaignStatsQuery, ListCampaignCallsQuery } from '../../../application/queries/queries.js';
import type { CallView, CampaignStats, Page } from '../../../application/views.js';
import { ApiErrors } from '../shared/api-docs.decorators.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { CallPageResponseDto, CampaignStatsResponseDto } from './dto/campaign.response.dto.js';
import { ListCampaignCallsRequestDto } from './dto/list-campaign-calls.request.dto.js';

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
  @ApiOperation({ summary: 'Calls of a campaign', description: 'In the order the numbers were added; filter by status.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CallPageResponseDto })
  @ApiErrors(404)
  calls(@Param('id', UuidParamPipe) id: string, @Query() query: ListCampaignCallsRequestDto): Promise<Page<CallView>> {
    const { status, limit, cursor } = query;
    return this.queryBus.execute(new ListCampaignCallsQuery(id, { status, limit, cursor }));
  }
}
