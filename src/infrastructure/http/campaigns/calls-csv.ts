import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { CallExport } from '../../../application/queries/queries.js';
import type { CallView } from '../../../application/views.js';

const FIXED_COLUMNS = ['phoneNumber', 'name', 'timezone', 'zip', 'status', 'lastOutcome', 'attempts', 'firstAttemptAt', 'lastAttemptAt', 'nextAttemptAt', 'callId'] as const;

/** A variable named like a fixed column gets a prefix rather than overwriting it. */
const variableColumn = (name: string): string => ((FIXED_COLUMNS as readonly string[]).includes(name) ? `variables.${name}` : name);

const toRecord = (call: CallView, variableNames: readonly string[]): Array<string | number> => [
  call.phoneNumber,
  call.contact?.name ?? '',
  call.contact?.timezone ?? '',
  call.contact?.zip ?? '',
  call.status,
  call.lastOutcome ?? '',
  call.attempts.length,
  call.attempts[0]?.startedAt ?? '',
  call.attempts.at(-1)?.startedAt ?? '',
  call.nextAttemptAt ?? '',
  call.id,
  ...variableNames.map((v) => call.contact?.variables?.[v] ?? ''),
];

/**
 * The export as a byte stream: pages are pulled only as fast as the client reads (stream
 * backpressure), so memory stays flat whatever the campaign's size. Columns: the call, its contact
 * fields, then one column per variable name found in the campaign.
 */
export const callsCsv = ({ variableNames, batches }: CallExport): Readable => {
  const records = Readable.from(
    (async function* () {
      for await (const batch of batches) for (const call of batch) yield toRecord(call, variableNames);
    })(),
  );
  const csv = stringify({ header: true, columns: [...FIXED_COLUMNS, ...variableNames.map(variableColumn)] });
  records.on('error', (error) => csv.destroy(error));
  return records.pipe(csv);
};
