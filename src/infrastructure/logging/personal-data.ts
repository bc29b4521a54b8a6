/** Phone numbers as we store them (E.164) and as people write them (`+1 (415) 555-0123`). */
const PHONE_NUMBER = /\+\d[\d ().-]{5,}\d/g;

/** Only LOG_LEVEL=debug or trace may write phone numbers, names and bound query values to logs. */
export const revealsPersonalData = (logLevel: string): boolean => logLevel === 'debug' || logLevel === 'trace';

/** `+14155550123` → `+…23`: enough to tell two numbers apart in an incident, not to call anyone. */
export const maskPhoneNumbers = (text: string): string =>
  text.replace(PHONE_NUMBER, (found) => `+…${found.replace(/\D/g, '').slice(-2)}`);
