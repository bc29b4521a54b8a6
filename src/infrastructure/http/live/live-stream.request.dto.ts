import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../shared/optional.decorator.js';

export class LiveStreamRequestDto {
  @ApiPropertyOptional({
    description:
      'A token from `POST /api/v1/live/tokens`, for clients that cannot send `x-api-key` (a browser\'s EventSource). ' +
      'Needed only when API_KEYS is set; checked when the stream opens.',
  })
  @Optional()
  @IsString()
  @MaxLength(100)
  access_token?: string;

  @ApiPropertyOptional({
    example: '1234/0',
    description: 'Same as the `Last-Event-ID` header, for a client that opens a new stream itself (the header wins).',
  })
  @Optional()
  @Matches(/^\d{1,20}\/\d{1,20}$/, { message: 'lastEventId must be a position <commit>/<prepare>' })
  lastEventId?: string;
}
