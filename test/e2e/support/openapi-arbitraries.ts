import fc from 'fast-check';

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are untyped JSON here */
export type Schema = Record<string, any>;
export type OpenApiDocument = { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } };

/**
 * Values a schema describes, leaning on its examples so that many requests get past validation and
 * into the handlers; `mutate` then spoils them. Not a full JSON Schema generator: only what
 * @nestjs/swagger emits for this API (refs, objects, arrays, enums, formats, bounds, oneOf).
 */
export function arbitraryFor(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant({});
  if (schema.$ref) return arbitraryFor(doc, doc.components?.schemas?.[String(schema.$ref).split('/').pop()!], depth + 1);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((s: Schema) => arbitraryFor(doc, s, depth + 1)));
  if (schema.allOf) return arbitraryFor(doc, Object.assign({}, ...schema.allOf), depth + 1);
  const value = plainArbitrary(doc, schema, depth);
  return schema.nullable ? fc.option(value, { nil: null, freq: 8 }) : value;
}

function plainArbitrary(doc: OpenApiDocument, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const withExample = (generic: fc.Arbitrary<unknown>) =>
    schema.example === undefined ? generic : fc.oneof({ weight: 6, arbitrary: fc.constant(schema.example) }, { weight: 1, arbitrary: generic });
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      return withExample(fc.string({ maxLength: Math.min(schema.maxLength ?? 40, 40) }));
    case 'integer':
      return withExample(fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 1_000, 1_000_000) }));
    case 'number':
      return withExample(fc.double({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 1_000, 1_000_000), noNaN: true }));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return withExample(fc.array(arbitraryFor(doc, schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 4, 4) }));
    default: {
      const properties: Record<string, Schema> = schema.properties ?? {};
      if (Object.keys(properties).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
      const required = new Set<string>(schema.required ?? []);
      const record = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryFor(doc, s, depth + 1)]));
      return fc.record(record, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
    }
  }
}

/** Marks a place in a value whose JSON text is spliced in raw: nesting too deep for JSON.stringify to build. */
export type RawJson = { readonly raw: string };
const RAW = Symbol('raw');
const raw = (text: string): RawJson => ({ raw: text, [RAW]: true }) as RawJson;
const isRaw = (value: unknown): value is RawJson => value !== null && typeof value === 'object' && RAW in value;

const CONTROL_CHARS = ['\u0000', '\u0001', '\u0007', '\b', '\n', '\u001b', '\u007f', '\u0085', '\u009f'];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...CONTROL_CHARS), fc.string({ maxLength: 10 })).map((p) => p.join('')),
  fc.constantFrom('\ud800', 'a\udc00b', '', ' ', '../../etc/passwd', "'; DROP TABLE events; --", '%00', '\u202e', '😀'.repeat(10)),
  fc.constantFrom(1_001, 10_000, 200_000).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

const deepJson = fc
  .tuple(fc.constantFrom(33, 200, 3_000, 50_000), fc.constantFrom('[', '{"a":'))
  .map(([levels, open]) => raw(`${open.repeat(levels)}1${(open === '[' ? ']' : '}').repeat(levels)}`));

/** A value of another kind, or one no schema accepts. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  hostileString,
  fc.constantFrom(0, -1, 1.5, 2 ** 31, -(2 ** 53), 1e308, Number.MAX_SAFE_INTEGER + 2, true, false, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  deepJson,
  fc.constantFrom(1_001, 5_000).map((n) => Array.from({ length: n }, (_, i) => `+1415${String(i).padStart(7, '0')}`)),
);

type Step = { path: Array<string | number>; action: 'replace' | 'delete' | 'add'; value?: unknown; key?: string };

const pathsOf = (value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) => {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object' && !isRaw(value)) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  }
  return out;
};

const apply = (value: unknown, { path, action, value: replacement, key }: Step): unknown => {
  if (path.length === 0) {
    if (action === 'replace') return replacement;
    if (action === 'add' && value !== null && typeof value === 'object' && !Array.isArray(value)) return { ...value, [key!]: replacement };
    return value;
  }
  const [head, ...rest] = path;
  if (value === null || typeof value !== 'object' || isRaw(value)) return value; // an earlier step replaced this part
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && action === 'delete') copy.splice(head as number, 1);
    else copy[head as number] = apply(copy[head as number], { path: rest, action, value: replacement, key });
    return copy;
  }
  const record = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && action === 'delete') delete record[head as string];
  else record[head as string] = apply(record[head as string], { path: rest, action, value: replacement, key });
  return record;
};

/** One to three spoilings of `value`: a field replaced by a hostile value, removed, or an unknown one added. */
export const mutate = (value: unknown): fc.Arbitrary<unknown> => {
  const paths = pathsOf(value);
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ path: fc.constantFrom(...paths), action: fc.constant('replace' as const), value: hostileValue }) },
    { weight: 2, arbitrary: fc.record({ path: fc.constantFrom(...paths), action: fc.constant('delete' as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        path: fc.constantFrom(...paths),
        action: fc.constant('add' as const),
        key: fc.oneof(fc.constantFrom('status', 'id', '__proto__', 'constructor', 'version'), fc.string({ maxLength: 12 })),
        value: hostileValue,
      }),
    },
  );
  return fc.array(step, { minLength: 1, maxLength: 3 }).map((steps) => steps.reduce(apply, value));
};

/** JSON text for a value that may hold RawJson parts, which are spliced in unquoted. */
export const toJsonText = (value: unknown): string => {
  const parts: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (isRaw(v)) {
      parts.push(v.raw);
      return `\u0000RAW${parts.length - 1}\u0000`;
    }
    return v;
  });
  return (text ?? 'null').replace(/"\\u0000RAW(\d+)\\u0000"/g, (_, i: string) => parts[Number(i)]!);
};

/** A query or path value as text: hostile structures flattened the way a client's URL would carry them. */
export const toParamText = (value: unknown): string =>
  typeof value === 'string' ? value : isRaw(value) ? value.raw.slice(0, 2_000) : toJsonText(value);

export const cursorOf = (key: unknown): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** Cursors a client could forge: real-looking keys with impossible parts, and plain junk. */
export const hostileCursor: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom('2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '0000-01-01T00:00:00Z'),
        fc.constantFrom(-1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5, 1e308),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      fc.oneof(fc.uuid(), hostileString),
    )
    .map(cursorOf),
  fc.jsonValue({ maxDepth: 2 }).map(cursorOf),
  fc.base64String({ maxLength: 60 }),
  hostileString,
);
