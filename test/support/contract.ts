import { OpenAPIBackend, type Document } from 'openapi-backend';

type Sent = Readonly<{ method: string; url: string; headers: Record<string, string> }>;
type Received = Readonly<{ status: number; headers: Headers; body: unknown; text: string }>;

/**
 * Checks every answer the e2e tests get against the app's own `/docs-json`, so the document cannot
 * drift from what the service really sends: an undeclared status, an undeclared content type or a
 * JSON body outside its schema fails the test that provoked it. Routes the document does not
 * describe (the document itself, unknown paths, other spellings) are not checked.
 */
export type ContractCheck = (sent: Sent, received: Received) => Promise<void>;

export function contractCheck(baseUrl: string): ContractCheck {
  let api: Promise<OpenAPIBackend | null> | undefined;
  const load = async (): Promise<OpenAPIBackend | null> => {
    const response = await fetch(`${baseUrl}/docs-json`);
    // A worker-only app serves no document (nor any documented route) to check against.
    if (!response.ok) return null;
    const definition = (await response.json()) as Document;
    // quick: keeps ajv from compiling every operation up front; validation is the same, just lazy.
    const backend = new OpenAPIBackend({
      definition,
      quick: true,
      validate: true,
      ajvOpts: { strict: false },
      // The two formats the document uses; ajv only warns about formats it does not know.
      customizeAjv: (ajv) =>
        ajv
          .addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
          .addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value))),
    });
    return backend.init();
  };
  return async (sent, received) => {
    api ??= load();
    const backend = await api;
    if (backend === null) return;
    const url = new URL(sent.url);
    const operation = backend.matchOperation({
      method: sent.method.toLowerCase(),
      path: url.pathname,
      query: url.search.slice(1),
      headers: sent.headers,
    });
    // The router matches leniently (a trailing slash, another case); the service does not serve those.
    if (!operation || !templateOf(operation.path).test(url.pathname)) return;
    const where = `${sent.method} ${url.pathname} → ${received.status}`;
    const declared = operation.responses?.[String(received.status)] ?? operation.responses?.default;
    if (!declared || '$ref' in declared) throw new Error(`${where}: status not declared in /docs-json`);
    if (received.text === '') return;
    const mediaType = received.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    const content = Object.keys(declared.content ?? {});
    if (!content.includes(mediaType)) throw new Error(`${where}: content type ${mediaType} not declared (${content.join(', ') || 'none'})`);
    if (mediaType !== 'application/json') return;
    const result = backend.validateResponse(received.body, operation, received.status);
    if (!result.valid) throw new Error(`${where}: body does not match /docs-json: ${JSON.stringify(result.errors)}\n${received.text.slice(0, 500)}`);
  };
}

const templateOf = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`);
