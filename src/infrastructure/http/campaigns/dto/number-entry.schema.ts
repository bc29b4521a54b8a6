import { MAX_NAME_LENGTH, MAX_VARIABLE_LENGTH, MAX_VARIABLES } from '../../../../domain/phone/number-entry.js';

/** OpenAPI for one element of `phoneNumbers`: a string, or an object with contact fields. */
export const NUMBER_ENTRY_SCHEMA = {
  oneOf: [
    { type: 'string', example: '+14155550100' },
    {
      type: 'object',
      required: ['phoneNumber'],
      additionalProperties: false,
      properties: {
        phoneNumber: { type: 'string', example: '+14155550100' },
        timezone: { type: 'string', example: 'America/Los_Angeles', description: 'IANA zone name (offsets are refused)' },
        zip: { type: 'string', pattern: '^\\d{5}(-\\d{4})?$', example: '94105' },
        name: { type: 'string', maxLength: MAX_NAME_LENGTH, example: 'Ada Lovelace' },
        variables: {
          type: 'object',
          maxProperties: MAX_VARIABLES,
          additionalProperties: { type: 'string', maxLength: MAX_VARIABLE_LENGTH },
          example: { policy: 'R-1042' },
          description: 'Flat string map: handed to the provider and added to the CSV export as columns',
        },
      },
    },
  ],
};
