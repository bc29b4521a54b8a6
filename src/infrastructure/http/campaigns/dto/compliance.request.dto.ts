import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, ValidateIf } from 'class-validator';
import { COMPLIANCE_MODES, type ComplianceMode } from '../../../../domain/campaign/campaign-config.js';
import { MAX_SUBJECT_LENGTH, MAX_WEIGHT } from '../../../../domain/campaign/campaign-config-validation.js';
import { nullableObject } from '../../shared/api-docs.decorators.js';
import { Nested } from '../../shared/nested.decorator.js';
import { Optional } from '../../shared/optional.decorator.js';

/** Types here; the time format and `end` after `start` are the domain's rules (400 with details). */
export class RecipientHoursDto {
  @ApiProperty({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', example: '08:00', description: "Recipient's local time HH:mm." })
  @IsString()
  start!: string;

  @ApiProperty({ pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', example: '21:00', description: 'HH:mm after `start`, or 24:00.' })
  @IsString()
  end!: string;
}

/**
 * The one request field that may be null: `recipientHours: null` is a campaign with no hours of its
 * own (the built-in legal rules still apply unless `complianceRules` is `none`).
 */
const NullableNested = (type: () => new () => object): PropertyDecorator => {
  const decorators = [ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null), Nested(type)];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
};

/** The compliance and pacing fields of DESIGN §7, the same on create and PATCH. */
@ApiExtraModels(RecipientHoursDto)
export class ComplianceFieldsDto {
  @ApiPropertyOptional({
    ...nullableObject(RecipientHoursDto),
    description:
      "Hours at the called person's location (every candidate zone of the number). Default 08:00–21:00 on create; " +
      'null: none of the campaign\'s own.',
  })
  @NullableNested(() => RecipientHoursDto)
  recipientHours?: RecipientHoursDto | null;

  @ApiPropertyOptional({
    enum: COMPLIANCE_MODES,
    example: 'builtin',
    description: '`builtin`: US federal and state hours, Sunday/holiday bans and caps, Canada CRTC (DESIGN §7.1); `none`: only `recipientHours`. Default `builtin`.',
  })
  @Optional()
  @IsIn(COMPLIANCE_MODES)
  complianceRules?: ComplianceMode;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: MAX_SUBJECT_LENGTH,
    example: 'renewals',
    description: 'Frequency caps count attempts per number across campaigns with the same subject. Default: the campaign id.',
  })
  @Optional()
  @IsString()
  subject?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_WEIGHT, example: 1, description: 'Share of the global cap. Default 1.' })
  @Optional()
  @IsInt()
  weight?: number;
}
