/** Deeper than any request body of this API; far below what recursive validators can survive. */
export const MAX_JSON_DEPTH = 32;
/** class-transformer and class-validator's whitelist are quadratic in an object's keys: 20,000 unknown keys took 5 s. */
export const MAX_OBJECT_KEYS = 1_000;

export type InputProblem = Readonly<{ field: string; message: string }>;

// Control characters (C0, DEL, C1): PostgreSQL refuses \u0000 in JSONB and text, and none belongs in a
// name, reason, id or phone number. A lone surrogate is not Unicode text at all and would be stored
// altered. Both are refused for every string, so no event can carry one and poison a projection.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const textProblem = (text: string): string | null =>
  CONTROL.test(text)
    ? 'must not contain control characters'
    : LONE_SURROGATE.test(text)
      ? 'must be well-formed Unicode (no lone surrogates)'
      : null;

const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

/**
 * The first string or key with forbidden characters, or the first value nested deeper than
 * MAX_JSON_DEPTH, in a parsed JSON body or query. Iterative, so a hostile depth cannot overflow it.
 */
export function findInputProblem(input: unknown, root = 'body'): InputProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const message = textProblem(value);
      if (message) return { field: path || root, message };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return { field: path || root, message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` };
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    if (!Array.isArray(value) && entries.length > MAX_OBJECT_KEYS) {
      return { field: path || root, message: `must not have more than ${MAX_OBJECT_KEYS} keys` };
    }
    for (const [key, child] of entries.reverse()) {
      const keyProblem = typeof key === 'string' ? textProblem(key) : null;
      if (keyProblem) return { field: childPath(path, JSON.stringify(key).slice(1, -1)), message: `key ${keyProblem}` };
      stack.push({ value: child, path: childPath(path, key), depth: depth + 1 });
    }
  }
  return null;
}
