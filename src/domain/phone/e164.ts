/** The canonical form every stored number has: `+`, country code, subscriber number, no separators. */
const E164 = /^\+[1-9]\d{1,14}$/;

/** A shape check for numbers already normalized by `normalizePhoneNumber`; it does not know numbering plans. */
export const isE164 = (value: string): boolean => E164.test(value);
