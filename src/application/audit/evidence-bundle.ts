import { createHash } from 'node:crypto';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { dialerStream } from '../../domain/dialer/dialer.events.js';
import { numberStream } from '../../domain/number/number.events.js';
import { arr } from '../../domain/audit/audit-event.js';
import { createVerification } from '../../domain/audit/verification.js';
import { DEFAULT_VERIFY_OPTIONS, type VerifyOptions } from '../../domain/audit/checks/check.js';
import { BUILTIN_RULES } from '../../domain/compliance/index.js';
import { formatPosition, parsePosition, StreamNotFoundError, type EventStore, type RecordedEvent } from '../ports/event-store.port.js';
import { logPages, toAuditEvent } from './audit-log.js';
import { toReport, type VerificationReport } from './verify-log.js';

/**
 * An evidence bundle is NDJSON: a header line, one line per event as stored (log order), the
 * verification report, and last `{"sha256": …}` over every byte before it. Streamed both ways, so a
 * campaign of any size exports and re-verifies in bounded memory (besides the checks' own state).
 */
export const BUNDLE_FORMAT = 'dialstream-evidence/1';
const STREAM_PAGE = 1_000;

export type BundleHeader = Readonly<{
  format: string;
  campaignId: string;
  ruleSetVersion: string;
  logHead: string | null;
  exportedAt: string;
  /** What the checks were told that the log does not say (FREQUENCY_CAP, decision lag): re-verification uses the same. */
  verifyOptions: VerifyOptions;
}>;
type EventLine = Readonly<{
  id: string;
  stream: string;
  streamVersion: number;
  globalPosition: string;
  type: string;
  data: Readonly<Record<string, unknown>>;
  metadata: Readonly<Record<string, unknown>>;
  recordedAt: string;
}>;

const eventLine = (e: RecordedEvent): EventLine => ({
  id: e.id,
  stream: e.stream,
  streamVersion: e.streamVersion,
  globalPosition: formatPosition(e.position),
  type: e.type,
  data: e.data,
  metadata: e.metadata,
  recordedAt: e.recordedAt.toISOString(),
});

const recordedOf = (line: EventLine): RecordedEvent => ({
  id: line.id,
  stream: line.stream,
  streamVersion: line.streamVersion,
  position: parsePosition(line.globalPosition),
  type: line.type,
  data: line.data,
  metadata: line.metadata as RecordedEvent['metadata'],
  recordedAt: new Date(line.recordedAt),
});

/** The streams that tell a campaign's story: its own, its dialer's, its calls', its numbers'. */
async function streamsOf(store: EventStore, campaignId: string): Promise<Set<string> | null> {
  const streams = new Set<string>([campaignStream(campaignId), dialerStream(campaignId)]);
  for (let from = 0; ; from += STREAM_PAGE) {
    let page: RecordedEvent[];
    try {
      page = await store.readStream(campaignStream(campaignId), { from, limit: STREAM_PAGE });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return from === 0 ? null : streams;
      throw error;
    }
    // As stored, read defensively: a bundle of a campaign with an unreadable event is still evidence.
    for (const { type, data } of page.map(toAuditEvent)) {
      if (type !== 'CampaignNumbersAdded') continue;
      for (const call of arr(data, 'calls')) {
        if (typeof call.callId === 'string') streams.add(`call-${call.callId}`);
        if (typeof call.phoneNumber === 'string') streams.add(numberStream(call.phoneNumber));
      }
    }
    if (page.length < STREAM_PAGE) return streams;
  }
}

export type BundleSummary = Readonly<{ events: number; sha256: string; report: VerificationReport }>;

/** Writes the bundle line by line through `write`; null when the campaign does not exist. */
export async function exportBundle(
  store: EventStore,
  campaignId: string,
  write: (line: string) => Promise<void>,
  options: Readonly<{ now: Date; verify?: Partial<VerifyOptions>; onProgress?: (events: number) => void }>,
): Promise<BundleSummary | null> {
  const streams = await streamsOf(store, campaignId);
  if (streams === null) return null;
  const hash = createHash('sha256');
  const emit = async (value: unknown): Promise<void> => {
    const line = `${JSON.stringify(value)}\n`;
    hash.update(line);
    await write(line);
  };
  const head = await store.headPosition();
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    campaignId,
    ruleSetVersion: BUILTIN_RULES.version,
    logHead: head === null ? null : formatPosition(head),
    exportedAt: options.now.toISOString(),
    verifyOptions: settled(options.verify),
  };
  await emit(header);
  const verification = createVerification(options.verify, [campaignId]);
  let read = 0;
  let events = 0;
  for await (const page of logPages(store, head)) {
    for (const event of page) {
      if (!streams.has(event.stream)) continue;
      events += 1;
      await emit(eventLine(event));
      verification.observe(toAuditEvent(event));
    }
    read += page.length;
    options.onProgress?.(read);
  }
  const report = bundleReport(verification.finish(), header.logHead, options.verify);
  await emit({ report });
  const sha256 = hash.digest('hex');
  await write(`${JSON.stringify({ sha256 })}\n`);
  return { events, sha256, report };
}

const settled = (options?: Partial<VerifyOptions>): VerifyOptions => ({ ...DEFAULT_VERIFY_OPTIONS, ...options });

const bundleReport = (result: ReturnType<ReturnType<typeof createVerification>['finish']>, head: string | null, options?: Partial<VerifyOptions>) =>
  toReport(result, head, settled(options), [
    'stats: not compared (a bundle holds the log, not the read model)',
  ]);

export type BundleVerification = Readonly<{
  header: BundleHeader;
  /** The hash the bundle states, and whether its content still has it. */
  sha256: string | null;
  hashMatches: boolean;
  /** The report written at export, and the one computed now from the bundle's events. */
  recorded: VerificationReport | null;
  report: VerificationReport;
  /** Both reports found the same violations. */
  reportsAgree: boolean;
}>;

/** Re-verifies a bundle offline from its lines (in file order); throws on a malformed bundle. */
export async function verifyBundle(lines: AsyncIterable<string>): Promise<BundleVerification> {
  const hash = createHash('sha256');
  let header: BundleHeader | null = null;
  let recorded: VerificationReport | null = null;
  let sha256: string | null = null;
  let verification: ReturnType<typeof createVerification> | null = null;
  for await (const raw of lines) {
    if (raw.trim() === '') continue;
    if (sha256 !== null) throw new Error('bundle: content after the sha256 line');
    const value = JSON.parse(raw) as Record<string, unknown>;
    if (header === null) {
      if (value.format !== BUNDLE_FORMAT) throw new Error(`bundle: not a ${BUNDLE_FORMAT} file`);
      header = value as unknown as BundleHeader;
      verification = createVerification(header.verifyOptions, [header.campaignId]);
    } else if ('sha256' in value && Object.keys(value).length === 1) {
      sha256 = String(value.sha256);
      continue;
    } else if ('report' in value) recorded = value.report as VerificationReport;
    else {
      verification!.observe(toAuditEvent(recordedOf(value as unknown as EventLine)));
    }
    hash.update(`${raw}\n`);
  }
  if (header === null) throw new Error('bundle: empty file');
  const result = verification!.finish();
  const report = bundleReport(result, header.logHead, header.verifyOptions);
  const key = (r: VerificationReport) => JSON.stringify(r.violations.map((v) => [v.check, v.message]));
  return {
    header,
    sha256,
    hashMatches: sha256 !== null && hash.digest('hex') === sha256,
    recorded,
    report,
    reportsAgree: recorded !== null && key(recorded) === key(report),
  };
}
