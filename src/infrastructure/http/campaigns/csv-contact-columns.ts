import { CONTACT_FIELDS, MAX_VARIABLES } from '../../../domain/phone/number-entry.js';
import { ValidationError } from '../../../domain/shared/errors.js';

const VARIABLE_COLUMN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FIELD_COLUMNS = new Map<string, string>(CONTACT_FIELDS.filter((f) => f !== 'variables').map((f) => [f, f]));

/**
 * How a header row maps onto a number entry. A header that cannot name a variable is the whole
 * file's problem, not each row's, so it is a 400 here rather than a thousand `invalid` entries.
 */
export const rowReader = (header: readonly string[], phoneColumn: number): ((record: readonly string[]) => unknown) => {
  const columns = header.map((name, i) => ({ i, name: name.trim(), field: FIELD_COLUMNS.get(name.trim().toLowerCase()) }));
  const others = columns.filter((c) => c.i !== phoneColumn);
  if (others.length === 0) return (record) => record[phoneColumn] ?? '';
  const bad = others.find((c) => c.field === undefined && !VARIABLE_COLUMN.test(c.name));
  if (bad) throw new ValidationError([{ field: 'body', message: `CSV column ${JSON.stringify(bad.name)}: a variable column name must be letters, digits and _ (at most 64)` }]);
  if (others.filter((c) => !c.field).length > MAX_VARIABLES) throw new ValidationError([{ field: 'body', message: `at most ${MAX_VARIABLES} variable columns` }]);
  return (record) => {
    const entry: Record<string, unknown> = { phoneNumber: record[phoneColumn] ?? '' };
    const variables: Record<string, string> = {};
    for (const { i, name, field } of others) {
      const cell = record[i];
      if (cell === undefined || cell === '') continue;
      if (field) entry[field] = cell;
      else variables[name] = cell;
    }
    if (Object.keys(variables).length > 0) entry.variables = variables;
    return entry;
  };
};
