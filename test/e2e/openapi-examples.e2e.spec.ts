import { useTestApp } from '../support/app.js';
import { createCampaign } from './support/campaign-requests.js';

/** Swagger's "Try it out" posts the documented examples: each must succeed as documented, with the mock provider. */
const app = useTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Parameter = { in: string; name: string; example?: unknown; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, Schema> } };

/** Swagger UI fills each parameter with its example. */
const exampleParam = (p: Parameter): string | undefined => {
  const example = p.example ?? p.schema?.example;
  return example === undefined ? undefined : String(example);
};

let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
beforeAll(async () => {
  doc = (await app.api('GET', '//docs-json')).body;
});

const resolve = (schema: Schema): Schema => (schema.$ref ? doc.components.schemas[String(schema.$ref).split('/').pop()!]! : schema);

/** The example a reader sees: the schema's own, else one assembled from its properties' (as Swagger UI does). */
const exampleOf = (raw: Schema): unknown => {
  const schema = resolve(raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.oneOf) return exampleOf(schema.oneOf[0]);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map(exampleOf));
  if (schema.type === 'array' && schema.items) return [exampleOf(schema.items)];
  if (schema.properties) {
    const entries = Object.entries<Schema>(schema.properties).map(([key, value]) => [key, exampleOf(value)] as const);
    return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
  }
  return undefined;
};

/** Not a client's operation: signed by the provider. */
const PROVIDER_ONLY = new Set(['/api/v1/telephony/webhooks', '/api/v1/telephony/twilio/status']);

const documentedRequests = (): Array<[string, string, string]> => {
  const found: Array<[string, string, string]> = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (PROVIDER_ONLY.has(path)) continue;
      for (const type of Object.keys(operation.requestBody?.content ?? {})) found.push([method, path, type]);
      if (method === 'delete' && path === '/api/v1/campaigns/{id}/numbers/{phoneNumber}') found.push([method, path, '']);
    }
  }
  return found;
};

/** Path parameters: a fresh campaign holding the documented numbers, and each parameter's own example. */
const urlFor = async (path: string, operation: Operation): Promise<string> => {
  const params = new Map<string, string>();
  for (const p of operation.parameters ?? []) if (p.in === 'path' && exampleParam(p) !== undefined) params.set(p.name, exampleParam(p)!);
  if (path.includes('{id}')) {
    const phoneNumbers = [...new Set(['+14155550100', '+14155550101', ...[...params.values()].filter((v) => v.startsWith('+'))])];
    params.set('id', (await createCampaign(app, { phoneNumbers })).id);
  }
  const query = new URLSearchParams();
  for (const p of operation.parameters ?? []) if (p.in === 'query' && exampleParam(p) !== undefined) query.set(p.name, exampleParam(p)!);
  const route = path.replace('/api/v1', '').replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params.get(name) ?? `missing-${name}`));
  return query.size === 0 ? route : `${route}?${query}`;
};

const strings = (node: unknown): string[] =>
  typeof node === 'string' ? [node] : node && typeof node === 'object' ? Object.values(node).flatMap(strings) : [];

describe('the OpenAPI document’s examples', () => {
  it('cover every client operation with a body (the list below is the one checked)', () => {
    const listed = documentedRequests().map(([method, path, type]) => `${method} ${path} ${type}`.trim());
    expect(listed).toEqual(expect.arrayContaining(['post /api/v1/campaigns application/json', 'post /api/v1/calls application/json', 'patch /api/v1/campaigns/{id} application/json']));
  });

  it('each succeed when sent as documented', async () => {
    const failures: string[] = [];
    for (const [method, path, type] of documentedRequests()) {
      const operation = doc.paths[path]![method]!;
      const content = type === '' ? undefined : operation.requestBody!.content[type]!;
      const example = content ? (content.example ?? exampleOf(content.schema ?? {})) : undefined;
      const url = await urlFor(path, operation);
      const response = await app.api(method.toUpperCase(), url, example === undefined ? {} : { body: example, contentType: type === 'application/json' ? undefined : type });
      if (response.status >= 300) failures.push(`${method} ${url} (${type}) → ${response.status} ${response.text.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('name only numbers the mock answers (+1 NXX 555-0100…0119), never a busy or silent one', () => {
    const phones = strings(doc).flatMap((s) => [...s.matchAll(/\+1\s?\(?\d{3}\)?\s?555[-\s]?(\d{4})/g)].map((m) => m[1]!));
    expect(phones.length).toBeGreaterThan(3);
    expect(phones.filter((last4) => Number(last4) < 100 || Number(last4) > 119)).toEqual([]);
  });

  it('give window times the pattern the server accepts: 24:00 ends a window, 24:01 does not', async () => {
    const window = resolve(doc.components.schemas.TimeWindowDto!);
    const end = new RegExp(window.properties.end.pattern);
    expect(['00:00', '23:59', '24:00'].filter((t) => !end.test(t))).toEqual([]);
    expect(['24:01', '7:00', '25:00'].filter((t) => end.test(t))).toEqual([]);
    const schedule = (endAt: string) => ({ timezone: 'UTC', windows: [{ days: ['mon'], start: '00:00', end: endAt }] });
    expect((await app.api('POST', '/campaigns', { body: { name: 'pattern', schedule: schedule('24:00') } })).status).toBe(201);
    expect((await app.api('POST', '/campaigns', { body: { name: 'pattern', schedule: schedule('24:01') } })).status).toBe(400);
    const start = new RegExp(window.properties.start.pattern);
    expect(start.test('24:00')).toBe(false);
    expect((await app.api('POST', '/campaigns', { body: { name: 'pattern', schedule: { timezone: 'UTC', windows: [{ days: ['mon'], start: '24:00', end: '23:00' }] } } })).status).toBe(400);
  });
});
