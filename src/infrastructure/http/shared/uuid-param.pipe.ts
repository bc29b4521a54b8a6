import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { ValidationError } from '../../../domain/shared/errors.js';

/** A path id that is not a UUID is a 400 naming the parameter, never a 404 or a database error. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUuid(value)) return value.toLowerCase();
    throw new ValidationError([{ field: metadata.data ?? 'id', message: `must be a UUID, got ${JSON.stringify(value)}` }]);
  }
}
