import { findInputProblem, MAX_JSON_DEPTH, MAX_OBJECT_KEYS } from '../../../../src/infrastructure/http/shared/input-text.js';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? { a: value } : [value];
  return value;
};

describe('findInputProblem', () => {
  it('accepts ordinary text, numbers, booleans, null and shallow nesting', () => {
    expect(findInputProblem({ name: 'Renewals — Ünïcode 😀', n: 1, ok: true, none: null, list: [{ a: ['x'] }] })).toBeNull();
    expect(findInputProblem(nested(MAX_JSON_DEPTH))).toBeNull();
  });

  it.each([
    ['NUL', { name: 'a\u0000b' }, 'name'],
    ['a C0 control', { schedule: { timezone: 'UTC\u0001' } }, 'schedule.timezone'],
    ['a newline', { reason: 'line\nbreak' }, 'reason'],
    ['DEL', { list: ['ok', 'x\u007f'] }, 'list[1]'],
    ['a C1 control', { name: '\u0085' }, 'name'],
    ['a lone surrogate', { name: 'a\ud800' }, 'name'],
  ])('names the field holding %s', (_, input, field) => {
    expect(findInputProblem(input)).toEqual({ field, message: expect.any(String) });
  });

  it('names a key holding a control character without echoing the character', () => {
    expect(findInputProblem({ 'bad\u0000key': 1 })?.field).toBe('bad\\u0000key');
  });

  it('names the root when the whole input is bad text', () => {
    expect(findInputProblem('\u0000', 'query')).toEqual({ field: 'query', message: expect.any(String) });
  });

  it('refuses nesting past the limit without recursing, however deep', () => {
    expect(findInputProblem(nested(MAX_JSON_DEPTH + 1))?.message).toMatch(/nest/);
    expect(findInputProblem(nested(200_000))?.message).toMatch(/nest/);
  });

  it('refuses an object with more keys than the limit, wherever it is, but not a long array', () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_OBJECT_KEYS + 1 }, (_, i) => [`k${i}`, i]));
    expect(findInputProblem({ schedule: wide })).toEqual({ field: 'schedule', message: expect.stringMatching(/keys/) });
    expect(findInputProblem({ phoneNumbers: Array.from({ length: 100_000 }, () => '+14155550100') })).toBeNull();
  });
});
