import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { useTestApp } from '../support/app.js';
import { createBody, fictional } from './support/campaign-requests.js';
import {
  arbitraryFor,
  hostileCursor,
  hostileString,
  hostileValue,
  mutate,
  type OpenApiDocument,
  type Schema,
  toJsonText,
  toParamText,
} from './support/openapi-arbitraries.js';

/**
 * Every operation of /docs-json, called with requests generated from its own schemas and then spoiled:
 * wrong types, null, missing and unknown fields, control characters, huge and deeply nested values,
 * forged cursors and path ids, other content types. No answer may be a 5xx, and a rejected request
 * must leave no event behind. FUZZ_RUNS raises the count (the CI default is 2,000); FUZZ_SEED replays.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const API_KEY = 'fuzz-key';
// Wrong keys are among the mutations: without AUTH_FAILURE_LIMIT=0 the address is locked out after ten of
// them and every later case answers 429 before it reaches validation.
const app = useTestApp({ API_KEYS: API_KEY, CALL_TIMEOUT_MS: '3600000', AUTH_FAILURE_LIMIT: '0' });

type Operation = Readonly<{ method: string; path: string; spec: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
type FuzzRequest = Readonly<{ method: string; url: string; headers: Record<string, string>; body?: string }>;

let doc: OpenApiDocument;
let operations: Operation[];
const fixtures = { campaignId: '', callId: '' };

beforeAll(async () => {
  doc = (await app.api('GET', '//docs-json')).body;
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      // A server-sent event stream never ends: nothing to assert on its status that a GET test does not.
      .filter(([, spec]) => !JSON.stringify(spec.responses ?? {}).includes('text/event-stream'))
      .map(([method, spec]) => ({ method: method.toUpperCase(), path, spec })),
  );
  const key = { headers: { 'x-api-key': API_KEY } };
  const campaign = await app.api('POST', '/campaigns', { ...key, body: createBody({ phoneNumbers: [fictional(1), fictional(2)] }) });
  fixtures.campaignId = campaign.body.id;
  fixtures.callId = (await app.api('GET', `/campaigns/${fixtures.campaignId}/calls`, key)).body.items[0].id;
}, 60_000);

/** Percent-encoded as a client would; a lone surrogate becomes the invalid UTF-8 a hostile client could send. */
const encodePathPart = (text: string): string =>
  [...text].map((c) => (/^[\ud800-\udfff]$/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');

/** Path ids that exist, that do not, that are not ids at all, and escapes no server should decode. */
const pathValue = (path: string, name: string, schema: Schema | undefined): fc.Arbitrary<string> => {
  const known = path.includes('/calls/{') && !path.includes('/campaigns/') ? fixtures.callId : fixtures.campaignId;
  const valid = name === 'id' ? fc.oneof(fc.constant(known), fc.uuid()) : arbitraryFor(doc, schema).map(toParamText);
  return fc.oneof(
    { weight: 8, arbitrary: valid.map(encodePathPart) },
    { weight: 2, arbitrary: hostileValue.map((v) => encodePathPart(toParamText(v))) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%C0%AF', '%00', '..%2F..%2Fdocs-json', '%E2%80%AE', '%FF%FE') },
  );
};

const requestFor = (op: Operation): fc.Arbitrary<FuzzRequest> => {
  const parameters: Array<{ in: string; name: string; schema?: Schema }> = op.spec.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const query = parameters.filter((p) => p.in === 'query');
  const headerParams = parameters.filter((p) => p.in === 'header');
  const content: Record<string, { schema?: Schema }> = op.spec.requestBody?.content ?? {};
  const json = content['application/json'];

  const path = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(op.path, p.name, p.schema)])));
  const queryValues = fc.record(
    Object.fromEntries(
      query.map((p) => [
        p.name,
        fc.oneof(
          { weight: 3, arbitrary: arbitraryFor(doc, p.schema).map(toParamText) },
          { weight: 1, arbitrary: (p.name === 'cursor' ? hostileCursor : hostileValue.map(toParamText)) as fc.Arbitrary<string> },
        ),
      ]),
    ),
    { requiredKeys: [] },
  );
  const printable = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 });
  const headers = fc.record(
    Object.fromEntries(
      headerParams.map((p) => [p.name, fc.option(fc.oneof(arbitraryFor(doc, p.schema).map(toParamText), printable), { nil: undefined, freq: 2 })]),
    ),
  ).map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)));
  const validBody = json ? arbitraryFor(doc, json.schema) : fc.constant(undefined);
  const body = validBody.chain((value) =>
    fc.oneof(
      { weight: json ? 2 : 6, arbitrary: fc.constant({ text: value === undefined ? undefined : toJsonText(value), type: 'application/json', mutated: false }) },
      { weight: 3, arbitrary: mutate(value ?? {}).map((spoiled) => ({ text: toJsonText(spoiled), type: 'application/json', mutated: true })) },
      { weight: 1, arbitrary: fc.record({ text: fc.oneof(hostileString, fc.constant('{"a":'), fc.constant(`phoneNumber\n${fictional(5)}\n\u0000`)), type: fc.constantFrom('application/json', 'text/csv', 'text/plain', 'application/xml'), mutated: fc.constant(true) }) },
    ),
  );
  const auth = fc.oneof({ weight: 12, arbitrary: fc.constant(API_KEY) }, { weight: 1, arbitrary: fc.constantFrom('', 'wrong', `${API_KEY} `) });

  return fc.record({ path, queryValues, headers, body, auth }).map(({ path: ids, queryValues: q, headers: h, body: b, auth: key }) => {
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? '');
    const search = new URLSearchParams(q as Record<string, string>).toString();
    const sendsBody = b.text !== undefined && (json !== undefined || b.mutated) && !['GET', 'HEAD'].includes(op.method);
    return {
      method: op.method,
      url: search ? `${url}?${search}` : url,
      headers: { ...(h as Record<string, string>), 'x-api-key': key, ...(sendsBody ? { 'content-type': b.type } : {}) },
      ...(sendsBody ? { body: b.text } : {}),
    };
  });
};

const correlatedEvents = (correlationId: string): Promise<number> =>
  app.db.knex('events').whereRaw(`metadata->>'correlationId' = ?`, [correlationId]).count<{ n: string }[]>('* as n').then((r) => Number(r[0]!.n));

type Case = Readonly<{ operation: string; request: FuzzRequest }>;
type Answer = Readonly<{ key: string; status: number; correlationId: string }>;

const send = async ({ operation, request }: Case): Promise<Answer> => {
  const correlationId = `fuzz-${randomUUID()}`;
  const response = await fetch(`${app.url}${request.url}`, {
    method: request.method,
    headers: { ...request.headers, 'x-correlation-id': correlationId },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  await response.arrayBuffer();
  return { key: `${operation} ${response.status}`, status: response.status, correlationId };
};

/** Requests go out a few at a time, as clients' would; each is checked on its own. */
const CONCURRENCY = 8;

describe('fuzzing every operation of /docs-json', () => {
  it(`answers ${RUNS} generated and spoiled requests without a 5xx, and stores nothing for a rejected one`, async () => {
    const statuses = new Map<string, number>();
    const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
    const oneCase = fc.constantFrom(...operations).chain((op) => requestFor(op).map((request): Case => ({ operation: `${op.method} ${op.path}`, request })));
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(oneCase, { minLength: CONCURRENCY, maxLength: CONCURRENCY }), async (batch) => {
        const before = await app.eventCount();
        const answers = await Promise.all(batch.map(send));
        cases += answers.length;
        for (const { key } of answers) statuses.set(key, (statuses.get(key) ?? 0) + 1);
        expect(answers.filter((a) => a.status >= 500).map((a) => a.key)).toEqual([]);
        // A rejected request left the events table as it was; if it grew (accepted requests, the
        // dialer), none of what it gained carries a rejected request's correlation id.
        const rejected = answers.filter((a) => a.status >= 400);
        if (rejected.length === 0 || (await app.eventCount()) === before) return;
        for (const { key, correlationId } of rejected) expect([key, await correlatedEvents(correlationId)]).toEqual([key, 0]);
      }),
      { numRuns: Math.ceil(RUNS / CONCURRENCY), ...(seed === undefined ? {} : { seed }) },
    );
    const summary = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k}: ${n}`);
    console.log(`fuzzed ${cases} requests over ${operations.length} operations:\n${summary.join('\n')}`);
    expect(cases).toBeGreaterThanOrEqual(RUNS);
  }, 180_000);
});
