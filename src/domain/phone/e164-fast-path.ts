import { Metadata } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

/**
 * The same acceptance libphonenumber-js gives a number already written in E.164, without its cost.
 *
 * libphonenumber-js builds a `new RegExp` from the metadata's pattern text for every check (a dozen
 * per number, patterns of kilobytes): 100,000 numbers took ~2 s, nearly all of it there. Here the
 * same metadata patterns are compiled once. This only ever ACCEPTS: whenever the number is not
 * plainly valid for the main country of its calling code with nothing to strip (a national prefix,
 * another country's leading digits, a non-geographic plan), it answers `undefined` and the caller
 * asks libphonenumber, so every rejection and its reason still comes from the library.
 * `e164-fast-path.spec.ts` checks over many numbers that an acceptance here is one there.
 */
const SHAPE = /^\+[1-9]\d{1,14}$/;
/** libphonenumber-js's `getNumberType` order; which one matches does not matter, only whether any does. */
const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

/**
 * Keyed by the metadata's own pattern strings, whose hashes V8 keeps: building the anchored source
 * per call (what the library does) would hash kilobytes per check again.
 */
const cache = (wrap: (pattern: string) => string) => {
  const compiled = new Map<string, RegExp>();
  return (pattern: string): RegExp => {
    let re = compiled.get(pattern);
    if (re === undefined) {
      re = new RegExp(wrap(pattern));
      compiled.set(pattern, re);
    }
    return re;
  };
};
const entire = cache((p) => `^(?:${p})$`);
const prefixOf = cache((p) => `^(?:${p})`);
const regex = cache((p) => p);
const matchesEntirely = (text: string, pattern: string): boolean => entire(pattern).test(text);

type TypeDefinition = { pattern(): string; possibleLengths(): number[] | undefined };
type SelectedPlan = {
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(name: string): TypeDefinition | undefined;
};
/** The parts of libphonenumber-js's `Metadata` used here (its typings declare fewer than it has). */
type Plans = {
  hasCallingCode(code: string): boolean;
  getCountryCodesForCallingCode(code: string): string[] | undefined;
  selectNumberingPlan(countryOrCallingCode: string): void;
  numberingPlan: SelectedPlan;
};
const plan = new Metadata(metadata) as unknown as Plans;
const selected = (): SelectedPlan => plan.numberingPlan;

/** libphonenumber-js's `getNumberType(...) !== undefined` for the selected plan, with compiled patterns. */
const hasNumberType = (nationalNumber: string, p: SelectedPlan): boolean => {
  if (!matchesEntirely(nationalNumber, p.nationalNumberPattern())) return false;
  return TYPES.some((name) => {
    const type = p.type(name);
    if (!type || !type.pattern()) return false;
    const lengths = type.possibleLengths();
    if (lengths && !lengths.includes(nationalNumber.length)) return false;
    return matchesEntirely(nationalNumber, type.pattern());
  });
};

const callingCodeOf = (text: string): string | undefined => {
  for (let end = 2; end <= 4 && end <= text.length; end += 1) {
    const code = text.slice(1, end);
    if (plan.hasCallingCode(code)) return code;
  }
  return undefined;
};

/** `text` when libphonenumber-js would accept it unchanged; `undefined` means "ask libphonenumber". */
export const acceptE164 = (text: string): string | undefined => {
  if (!SHAPE.test(text)) return undefined;
  const callingCode = callingCodeOf(text);
  if (callingCode === undefined) return undefined;
  const nationalNumber = text.slice(1 + callingCode.length);
  const countries = plan.getCountryCodesForCallingCode(callingCode);
  const main = countries?.[0];
  if (!countries || main === undefined || main === '001') return undefined;
  // The calling code's plan (the main country's) is the one libphonenumber strips a prefix with.
  plan.selectNumberingPlan(callingCode);
  const prefix = selected().nationalPrefixForParsing();
  if (prefix && prefixOf(prefix).test(nationalNumber)) return undefined;
  plan.selectNumberingPlan(main);
  const p = selected();
  if (!p.hasTypes()) return undefined;
  // Several countries on one code: libphonenumber takes the main one if its leading digits match,
  // or (without leading digits) if the number has a type there; anything else may be another country.
  const leading = p.leadingDigits();
  if (countries.length > 1 && leading && nationalNumber.search(regex(leading)) !== 0) return undefined;
  return hasNumberType(nationalNumber, p) ? text : undefined;
};
