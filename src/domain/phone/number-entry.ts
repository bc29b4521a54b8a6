import { isRegionZone } from '../compliance/zone-resolution.js';
import { normalizePhoneNumber, type Partition, partitionParsed } from './phone-number.js';

/** What a client may say about the person behind a number: carried to the call, the provider and exports. */
export type Contact = Readonly<{
  /** IANA region name; recipient-hours rules read it before the number's own zone. */
  timezone?: string;
  /** US ZIP or ZIP+4: which state's calling rules apply. */
  zip?: string;
  name?: string;
  /** Flat string map handed to the provider (e.g. TwiML parameters) and the exports. */
  variables?: Readonly<Record<string, string>>;
}>;

export type NumberEntry = Readonly<{ phoneNumber: string } & Contact>;

export const CONTACT_FIELDS = ['timezone', 'zip', 'name', 'variables'] as const;
export const MAX_VARIABLES = 50;
export const MAX_VARIABLE_LENGTH = 1_000;
export const MAX_NAME_LENGTH = 200;
/** Letters, digits and underscores, so a variable is a safe column name and provider parameter. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const US_ZIP = /^\d{5}(-\d{4})?$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const variablesProblem = (variables: unknown): string | null => {
  if (!isPlainObject(variables)) return 'variables: must be an object of strings';
  const entries = Object.entries(variables);
  if (entries.length > MAX_VARIABLES) return `variables: at most ${MAX_VARIABLES}`;
  for (const [key, value] of entries) {
    if (!VARIABLE_NAME.test(key)) return `variables: ${JSON.stringify(key)} must be letters, digits and _ (at most 64)`;
    if (typeof value !== 'string') return `variables.${key}: must be a string`;
    if (value.length > MAX_VARIABLE_LENGTH) return `variables.${key}: at most ${MAX_VARIABLE_LENGTH} characters`;
  }
  return null;
};

/** The first thing wrong with a contact, or null. Also guards the stream in the decider. */
export const contactProblem = (contact: Readonly<Record<string, unknown>>): string | null => {
  const { timezone, zip, name, variables } = contact;
  if (timezone !== undefined && (typeof timezone !== 'string' || !isRegionZone(timezone))) {
    return 'timezone: must be an IANA region time zone such as America/New_York (not UTC or an offset)';
  }
  if (zip !== undefined && (typeof zip !== 'string' || !US_ZIP.test(zip))) return 'zip: must be a US ZIP code: 5 digits or ZIP+4';
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME_LENGTH)) return `name: must be a string of at most ${MAX_NAME_LENGTH} characters`;
  return variables === undefined ? null : variablesProblem(variables);
};

export type NumberEntryResult = { ok: true; value: NumberEntry } | { ok: false; reason: string };

/** A number as a string, or as `{ phoneNumber, timezone?, zip?, name?, variables? }`. */
export const parseNumberEntry = (raw: unknown): NumberEntryResult => {
  if (!isPlainObject(raw)) {
    const number = normalizePhoneNumber(raw);
    return number.ok ? { ok: true, value: { phoneNumber: number.value } } : number;
  }
  const unknownKey = Object.keys(raw).find((k) => k !== 'phoneNumber' && !(CONTACT_FIELDS as readonly string[]).includes(k));
  if (unknownKey !== undefined) return { ok: false, reason: `${unknownKey}: unknown field (phoneNumber, ${CONTACT_FIELDS.join(', ')})` };
  const number = normalizePhoneNumber(raw.phoneNumber);
  if (!number.ok) return { ok: false, reason: `phoneNumber: ${number.reason}` };
  const problem = contactProblem(raw);
  if (problem) return { ok: false, reason: problem };
  const entry: Record<string, unknown> = { phoneNumber: number.value };
  for (const field of CONTACT_FIELDS) if (raw[field] !== undefined) entry[field] = field === 'variables' ? { ...(raw.variables as object) } : raw[field];
  return { ok: true, value: entry as NumberEntry };
};

export const partitionNumberEntries = (existingNumbers: Pick<ReadonlySet<string>, 'has'>, rawValues: readonly unknown[]): Partition<NumberEntry> =>
  partitionParsed(existingNumbers, rawValues, parseNumberEntry, (e) => e.phoneNumber);

/** Only the contact fields that are set, e.g. to carry on an event or a dial request. */
export const contactOf = (entry: Contact): Contact => {
  const contact: Record<string, unknown> = {};
  for (const field of CONTACT_FIELDS) if (entry[field] !== undefined) contact[field] = entry[field];
  return contact as Contact;
};
