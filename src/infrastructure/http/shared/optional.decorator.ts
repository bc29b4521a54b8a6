import { ValidateIf } from 'class-validator';

/**
 * An optional request field: it may be left out, but `null` is validated like any other value and so
 * refused. class-validator's `IsOptional` skips `null` too, which let `"retryPolicy": null` through to
 * the mapper as a missing object (a 500). No request field of this API is nullable.
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
