import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { PreviewNumbersQuery } from '../../application/queries/preview-numbers.query.js';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { previewNumbers, type NumberPreview } from '../../domain/campaign/number-preview.js';
import { normalizePhoneNumber } from '../../domain/phone/phone-number.js';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { listedAmong } from './do-not-call.queries.js';

@QueryHandler(PreviewNumbersQuery)
export class PreviewNumbersHandler implements IQueryHandler<PreviewNumbersQuery> {
  constructor(
    @Inject(READ_MODELS_DB) private readonly db: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ values, options }: PreviewNumbersQuery): Promise<NumberPreview> {
    const now = this.clock.now();
    const numbers = values.flatMap((value) => {
      const raw = typeof value === 'object' && value !== null ? (value as { phoneNumber?: unknown }).phoneNumber : value;
      const parsed = normalizePhoneNumber(raw);
      return parsed.ok ? [parsed.value] : [];
    });
    const listed = await listedAmong(this.db, [...new Set(numbers)], now);
    return previewNumbers(values, (n) => listed.has(n), options, now);
  }
}
