import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ContactResponseDto } from './calls/call.response.dto.js';
import { WebhookBacklogDto } from './webhooks/create-webhook.request.dto.js';

const DESCRIPTION = [
  'Event-sourced outbound voice campaigns: commands, queries and the audit trail.',
  '',
  '- **Errors** all have the shape `{ statusCode, error, message, details? }`; a 400 names every bad field in `details`. A rejected request stores nothing.',
  '- **Read-your-writes**: a command answers once the read models show its effect (at most 5 s), so the next GET sees it. ' +
    'If they lag longer, the write is still acknowledged and the response carries `X-Read-Model-Lag: true`.',
  '- **Optimistic concurrency**: campaign responses carry `ETag: "<version>"`; send it back as `If-Match` on PATCH, DELETE ' +
    'and lifecycle commands to get 412 instead of overwriting a change you have not seen.',
  '- **Idempotency**: `Idempotency-Key` on POST /campaigns and POST /campaigns/{id}/numbers makes a retry return the first response.',
  '- **Auth and limits**: with API_KEYS set, send `x-api-key`; each client gets RATE_LIMIT_PER_MINUTE requests a minute (429 after).',
].join('\n');

export function setUpSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('dialstream')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This service')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'apiKey')
    .build();
  const document = markPublicOperations(SwaggerModule.createDocument(app, config, { extraModels: [ContactResponseDto, WebhookBacklogDto] }));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * Controllers behind the API key carry @ApiSecurity('apiKey'); the rest are the @PublicRoute() ones
 * (probes, metrics, the signed provider webhook). `security: []` says so explicitly, rather than
 * leaving readers and linters to guess (route-authentication.e2e checks the two lists agree).
 */
function markPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && operation.security === undefined) operation.security = [];
    }
  }
  return document;
}
