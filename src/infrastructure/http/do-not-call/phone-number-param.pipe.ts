import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { normalizePhoneNumber } from '../../../domain/phone/phone-number.js';
import { ValidationError } from '../../../domain/shared/errors.js';

/** `/dnc/%2B14155550119` (or a raw `+`): the E.164 form, or a 400 naming the parameter. */
@Injectable()
export class PhoneNumberParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const normalized = normalizePhoneNumber(value);
    if (normalized.ok) return normalized.value;
    throw new ValidationError([{ field: metadata.data ?? 'phoneNumber', message: normalized.reason }]);
  }
}
