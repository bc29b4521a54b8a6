import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { CampaignStatus } from '../../../../application/views.js';
import { CAMPAIGN_STATUSES } from '../../../../domain/campaign/campaign.state.js';
import { PageRequestDto } from '../../shared/page.request.dto.js';
import { Optional } from '../../shared/optional.decorator.js';

/** A deleted campaign is gone from the API: no view has that status. */
export const CAMPAIGN_VIEW_STATUSES = CAMPAIGN_STATUSES.filter((s): s is CampaignStatus => s !== 'deleted');

export class ListCampaignsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_VIEW_STATUSES })
  @Optional()
  @IsIn(CAMPAIGN_VIEW_STATUSES)
  status?: CampaignStatus;
}
