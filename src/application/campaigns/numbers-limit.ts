/** Per request, JSON or CSV; above it the client must split the import (413). */
export const MAX_NUMBERS_PER_REQUEST = 100_000;

export class TooManyNumbersError extends Error {
  override readonly name = 'TooManyNumbersError';
  constructor(readonly limit: number = MAX_NUMBERS_PER_REQUEST) {
    super(`too many phone numbers: at most ${limit} per request`);
  }
}

export const assertWithinNumbersLimit = (count: number): void => {
  if (count > MAX_NUMBERS_PER_REQUEST) throw new TooManyNumbersError();
};
