import { ApiHeader } from '@nestjs/swagger';
import { READ_MODEL_LAG_HEADER_DOC } from '../shared/api-docs.decorators.js';

/** The headers of a campaign command's success response. */
export const CAMPAIGN_HEADERS = {
  ETag: { description: 'The campaign version, for If-Match.', schema: { type: 'string', example: '"3"' } },
  ...READ_MODEL_LAG_HEADER_DOC,
};

export const ApiIfMatch = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'An ETag from an earlier response: the command applies only if the campaign is still at it (412 if not).',
  });
