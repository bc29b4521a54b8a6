import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/**
 * A nested DTO (or, with `each`, an array of them). ValidateNested alone lets an array stand in for
 * the object, and validates its (absent) elements: `"windows": [[]]` passed and crashed the mapper.
 */
export const Nested = (type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator =>
  applyDecorators(IsObject({ each: options.each ?? false }), ValidateNested({ each: options.each ?? false }), Type(type));
