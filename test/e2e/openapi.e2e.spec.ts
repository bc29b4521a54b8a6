import { useTestApp } from '../support/app.js';

const app = useTestApp();
let doc: any; // eslint-disable-line @typescript-eslint/no-explicit-any
beforeAll(async () => {
  doc = (await app.api('GET', '//docs-json')).body;
});

const API_ROUTES: Array<[string, string, string]> = [
  ['post', '/api/v1/campaigns', '201'],
  ['get', '/api/v1/campaigns', '200'],
  ['get', '/api/v1/campaigns/{id}', '200'],
  ['patch', '/api/v1/campaigns/{id}', '200'],
  ['delete', '/api/v1/campaigns/{id}', '204'],
  ['post', '/api/v1/campaigns/{id}/numbers', '200'],
  ['post', '/api/v1/campaigns/{id}/start', '200'],
  ['post', '/api/v1/campaigns/{id}/pause', '200'],
  ['post', '/api/v1/campaigns/{id}/resume', '200'],
  ['post', '/api/v1/campaigns/{id}/cancel', '200'],
  ['get', '/api/v1/campaigns/{id}/stats', '200'],
  ['get', '/api/v1/campaigns/{id}/calls', '200'],
  ['get', '/api/v1/campaigns/{id}/events', '200'],
  ['get', '/api/v1/calls/{id}/events', '200'],
  ['post', '/api/v1/calls', '202'],
  ['get', '/api/v1/calls/{id}', '200'],
];

const refs = (node: unknown): string[] =>
  node === null || typeof node !== 'object'
    ? []
    : Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : refs(value)));

describe('GET /docs-json', () => {
  it('is an OpenAPI 3 document whose every $ref resolves and every path parameter is declared', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect([ref, doc.components.schemas[ref.split('/').pop()!] !== undefined]).toEqual([ref, true]);
    }
    const operationIds: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) { // eslint-disable-line @typescript-eslint/no-explicit-any
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(operations)) {
        operationIds.push(operation.operationId);
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
        const declared = (operation.parameters ?? []).filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name);
        expect([path, declared.sort()]).toEqual([path, [...templated].sort()]);
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it.each(API_ROUTES)('documents %s %s with its success schema and every error in the error shape', (method, path, success) => {
    const operation = doc.paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.responses[success]).toBeDefined();
    if (success !== '204') expect(refs(operation.responses[success])).toHaveLength(1);
    for (const status of ['400', '401', '429', ...(path.includes('{id}') ? ['404'] : [])]) {
      expect(refs(operation.responses[status])).toEqual(['#/components/schemas/ErrorResponseDto']);
    }
    expect(operation.security).toEqual([{ apiKey: [] }]);
  });

  it('documents If-Match, Idempotency-Key, 412 and 413 where they apply, and both body types for numbers', () => {
    const header = (path: string, method: string, name: string) =>
      (doc.paths[path][method].parameters ?? []).some((p: { in: string; name: string }) => p.in === 'header' && p.name === name);
    expect(header('/api/v1/campaigns/{id}', 'patch', 'If-Match')).toBe(true);
    expect(header('/api/v1/campaigns/{id}/start', 'post', 'If-Match')).toBe(true);
    expect(doc.paths['/api/v1/campaigns/{id}'].patch.responses['412']).toBeDefined();
    expect(header('/api/v1/campaigns', 'post', 'Idempotency-Key')).toBe(true);
    expect(header('/api/v1/campaigns/{id}/numbers', 'post', 'Idempotency-Key')).toBe(true);
    const numbers = doc.paths['/api/v1/campaigns/{id}/numbers'].post;
    expect(Object.keys(numbers.requestBody.content).sort()).toEqual(['application/json', 'text/csv']);
    expect(numbers.responses['413']).toBeDefined();
    expect(doc.paths['/api/v1/campaigns/{id}'].patch.responses['200'].headers.ETag).toBeDefined();
  });

  it('describes the create body with its nested schedule and retry policy, and the campaign view', () => {
    const { schemas } = doc.components;
    expect(schemas.CreateCampaignRequestDto.required.sort()).toEqual(['name', 'schedule']);
    expect(refs(schemas.CreateCampaignRequestDto.properties.schedule)).toEqual(['#/components/schemas/ScheduleDto']);
    expect(refs(schemas.CreateCampaignRequestDto.properties.retryPolicy)).toEqual(['#/components/schemas/RetryPolicyDto']);
    expect(schemas.TimeWindowDto.properties.days.items.enum).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(Object.keys(schemas.CampaignResponseDto.properties)).toEqual(
      expect.arrayContaining(['id', 'status', 'schedule', 'maxConcurrentCalls', 'retryPolicy', 'stats', 'nextWindowOpensAt', 'version']),
    );
    expect(schemas.CampaignResponseDto.properties.status.enum).not.toContain('deleted');
  });

  it('documents the operations routes at the root, and an invalid number as any JSON value', () => {
    expect(doc.paths['/health/live']?.get.responses['200']).toBeDefined();
    expect(doc.paths['/health/ready']?.get.responses['503']).toBeDefined();
    expect(Object.keys(doc.paths['/metrics']?.get.responses['200'].content ?? {})).toEqual(['text/plain']);
    const invalid = doc.components.schemas.AddNumbersResponseDto.properties.invalid.items;
    const value = (invalid.$ref ? doc.components.schemas[invalid.$ref.split('/').pop()] : invalid).properties.value;
    expect(value.type).toBeUndefined();
    expect(value.oneOf.map((s: { type: string }) => s.type)).toEqual(['string', 'number', 'boolean', 'object', 'array']);
  });

  it('serves the Swagger UI at /docs', async () => {
    const ui = await app.api('GET', '//docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
