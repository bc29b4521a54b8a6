import type { AuditEvent } from '../../domain/audit/audit-event.js';
import { decodeEvent } from '../events/event-reader.js';
import { comparePositions, formatPosition, type EventStore, type Position, type RecordedEvent } from '../ports/event-store.port.js';

/**
 * A stored event for the audit: decoded through the one event reader (upcast, checked) when this
 * code knows its type and shape; otherwise as stored, so a newer writer's events are still seen
 * by the checks that know them rather than stopping the audit.
 */
export const toAuditEvent = (recorded: RecordedEvent): AuditEvent => {
  let type = recorded.type;
  let data = recorded.data;
  try {
    const decoded = decodeEvent(recorded);
    type = decoded.type;
    data = decoded.data as Readonly<Record<string, unknown>>;
  } catch {
    // As stored: the checks read payloads defensively.
  }
  return {
    type,
    data,
    stream: recorded.stream,
    streamVersion: recorded.streamVersion,
    globalPosition: formatPosition(recorded.position),
    recordedAt: typeof recorded.metadata.recordedAt === 'string' ? recorded.metadata.recordedAt : recorded.recordedAt.toISOString(),
  };
};

export const AUDIT_PAGE_SIZE = 5_000;

/**
 * The log from the first event up to `until` (inclusive), a page at a time, the next page read while
 * the caller works on this one: bounded memory whatever the log's length.
 */
export async function* logPages(store: EventStore, until: Position | null, pageSize = AUDIT_PAGE_SIZE): AsyncGenerator<RecordedEvent[]> {
  if (until === null) return;
  const read = (from: Position | undefined) => store.readAll(from === undefined ? { limit: pageSize } : { fromPosition: from, limit: pageSize });
  let next = read(undefined);
  for (;;) {
    const page = await next;
    const within = page.filter((event) => comparePositions(event.position, until) <= 0);
    const done = page.length < pageSize || within.length < page.length;
    if (!done) next = read(page.at(-1)!.position);
    if (within.length > 0) yield within;
    if (done) return;
  }
}
