/** Broken rules are typed errors (STYLE §4); the HTTP edge maps them to 400 / 404 / 409. */
export type FieldError = { field: string; message: string };

export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly details: FieldError[]) {
    super(details.map((d) => `${d.field}: ${d.message}`).join('; '));
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class IllegalStateError extends Error {
  override readonly name = 'IllegalStateError';
}

/** A size the service promises to bound was passed: nothing was done (HTTP 413). */
export class LimitExceededError extends Error {
  override readonly name = 'LimitExceededError';
  constructor(message: string, readonly limit: number) {
    super(message);
  }
}
