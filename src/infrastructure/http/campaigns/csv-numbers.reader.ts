import { PayloadTooLargeException } from '@nestjs/common';
import { CsvError, parse } from 'csv-parse';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { MAX_NUMBERS_PER_REQUEST, TooManyNumbersError } from '../../../application/campaigns/numbers-limit.js';
import { ValidationError } from '../../../domain/shared/errors.js';
import { rowReader } from './csv-contact-columns.js';

/** 100,000 rows of a spreadsheet export with a few columns beside the number. */
const CSV_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** A row of a number and a few contact fields; an endless line is refused here, not buffered to the byte limit. */
const CSV_RECORD_LIMIT_BYTES = 64 * 1024;

const PHONE_HEADER = /^phone[ _-]?(number)?$/i;

/** A bare number per row, or `{ phoneNumber, timezone?, zip?, name?, variables? }` when the header names more columns. */
export type CsvNumbers = Readonly<{ values: unknown[]; hash: string }>;

/**
 * Streams a CSV body: one number per line, or a header row naming a `phoneNumber` column (also
 * `phone_number`, `phone`) among others: `timezone`, `zip` and `name` are contact fields, any other
 * column a variable (empty cells are left out). Stops reading as soon as a limit is passed and leaves
 * the rest unread (the caller closes the connection), so a huge upload costs no more than the limit.
 */
export async function readCsvNumbers(body: Readable, maxNumbers = MAX_NUMBERS_PER_REQUEST): Promise<CsvNumbers> {
  const hash = createHash('sha256').update('text/csv\n');
  // Spreadsheets mix line endings; auto-detection would lock onto the first one it sees.
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: CSV_RECORD_LIMIT_BYTES,
  });
  let bytes = 0;
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    hash.update(chunk);
    if (bytes > CSV_BODY_LIMIT_BYTES) {
      parser.destroy(new PayloadTooLargeException(`request body too large: at most ${CSV_BODY_LIMIT_BYTES} bytes`));
    }
  });
  body.on('error', (error) => parser.destroy(error));
  body.pipe(parser);

  const values: unknown[] = [];
  let toValue: ((record: readonly string[]) => unknown) | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (toValue === undefined) {
        const column = headerColumn(record);
        toValue = column >= 0 ? rowReader(record, column) : (r) => r[0] ?? '';
        if (column >= 0) continue;
      }
      values.push(toValue(record));
      if (values.length > maxNumbers) throw new TooManyNumbersError(maxNumbers);
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ValidationError([{ field: 'body', message: `malformed CSV: ${error.message}` }]);
    throw error;
  } finally {
    body.unpipe(parser);
  }
  return { values, hash: hash.digest('hex') };
}

/** The header's phone column, or -1 when the first row is already a number. */
function headerColumn(first: readonly string[]): number {
  const named = first.findIndex((cell) => PHONE_HEADER.test(cell));
  if (named >= 0 || first.length === 1) return named;
  throw new ValidationError([
    { field: 'body', message: 'a CSV with several columns needs a header row with a phoneNumber column' },
  ]);
}
