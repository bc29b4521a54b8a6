import { Query } from '@nestjs/cqrs';
import type { NumberPreview, PreviewOptions } from '../../domain/campaign/number-preview.js';

/** A dry run of adding numbers to a campaign: nothing is stored. */
export class PreviewNumbersQuery extends Query<NumberPreview> {
  constructor(
    readonly values: readonly unknown[],
    readonly options: PreviewOptions,
  ) {
    super();
  }
}
