import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { PreviewNumbersQuery } from '../../../application/queries/preview-numbers.query.js';
import type { NumberPreview } from '../../../domain/campaign/number-preview.js';
import { AddNumbersRequestDto } from '../campaigns/dto/add-numbers.request.dto.js';
import { readNumbersBody } from '../campaigns/numbers-body.reader.js';
import { ApiErrors } from '../shared/api-docs.decorators.js';
import { NumberPreviewResponseDto, PreviewNumbersRequestDto } from './preview-numbers.dto.js';

@ApiTags('campaigns')
@ApiSecurity('apiKey')
@ApiExtraModels(AddNumbersRequestDto)
@Controller('campaigns/preview')
export class CampaignPreviewController {
  constructor(@Inject(QueryBus) private readonly queryBus: QueryBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Preview numbers before launch (dry run)',
    description:
      'The body of `POST /campaigns/{id}/numbers` (JSON or CSV). Answers how many numbers are valid, duplicates, invalid, on the ' +
      'do-not-call list, and how many may be dialed now or wait for their local hours, by resolved time zone. Stores nothing.',
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(AddNumbersRequestDto) } },
        'text/csv': { schema: { type: 'string' }, example: 'phoneNumber,timezone\n+14155550100,America/Los_Angeles\n' },
      },
    },
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiOkResponse({ type: NumberPreviewResponseDto })
  @ApiErrors(413, 415)
  async preview(@Query() query: PreviewNumbersRequestDto, @Req() req: Request): Promise<NumberPreview> {
    const { values } = await readNumbersBody(req);
    const { recipientHoursStart, recipientHoursEnd, complianceRules } = query;
    const recipientHours = { start: recipientHoursStart ?? '08:00', end: recipientHoursEnd ?? '21:00' };
    return this.queryBus.execute(new PreviewNumbersQuery(values, { recipientHours, ...(complianceRules ? { complianceRules } : {}) }));
  }
}
