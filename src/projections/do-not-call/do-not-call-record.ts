import type { RecordedEvent } from '../../application/ports/event-store.port.js';
import type { DoNotCallChangeView, DoNotCallEntryView } from '../../application/views.js';
import {
  NUMBER_STREAM_PREFIX,
  type DncSource,
  type NumberAddedToDoNotCall,
  type NumberRemovedFromDoNotCall,
} from '../../domain/number/number.events.js';

export const DO_NOT_CALL = 'do_not_call';
export const DO_NOT_CALL_HISTORY = 'do_not_call_history';

/** A row of `do_not_call`: the entry last added, until removed. Expiry is applied when read. */
export type EntryRecord = {
  phone_number: string;
  reason: string;
  source: DncSource;
  expires_at: Date | string | null;
  call_id: string | null;
  listed_at: Date | string;
  listed_by: string;
  updated_at: Date | string;
  version: number;
};

export type ChangeRecord = {
  phone_number: string;
  stream_version: number;
  action: 'added' | 'removed';
  reason: string | null;
  source: DncSource | null;
  expires_at: Date | string | null;
  call_id: string | null;
  actor: string;
  at: Date | string;
};

/** A list change with who made it and when (the writer's business time, so a rebuild repeats it). */
export type DncChange = Readonly<{
  event: NumberAddedToDoNotCall | NumberRemovedFromDoNotCall;
  version: number;
  actor: string;
  at: string;
}>;

const CHANGE_TYPES: ReadonlySet<string> = new Set(['NumberAddedToDoNotCall', 'NumberRemovedFromDoNotCall']);

/** Dial claims share the number's stream but are not list changes: null for them and for other streams. */
export const dncChange = (event: RecordedEvent): DncChange | null =>
  event.stream.startsWith(NUMBER_STREAM_PREFIX) && CHANGE_TYPES.has(event.type)
    ? {
        event: { type: event.type, data: event.data } as DncChange['event'],
        version: event.streamVersion,
        actor: event.metadata.actor,
        at: event.metadata.recordedAt,
      }
    : null;

const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

const inForceAt = (entry: EntryRecord, at: string): boolean => entry.expires_at === null || iso(entry.expires_at) > at;

/** An add over an entry still in force extends it (it keeps its `listed_at`); otherwise a new entry begins. */
export const evolveEntry = (entry: EntryRecord | null, change: DncChange): EntryRecord | null => {
  if (change.event.type === 'NumberRemovedFromDoNotCall') return null;
  const { phoneNumber, reason, source, expiresAt, callId } = change.event.data;
  return {
    phone_number: phoneNumber,
    reason,
    source,
    expires_at: expiresAt,
    call_id: callId,
    listed_at: entry !== null && inForceAt(entry, change.at) ? iso(entry.listed_at) : change.at,
    listed_by: change.actor,
    updated_at: change.at,
    version: change.version,
  };
};

export const toChangeRecord = (change: DncChange): ChangeRecord => {
  const { event } = change;
  const added = event.type === 'NumberAddedToDoNotCall' ? event.data : null;
  return {
    phone_number: event.data.phoneNumber,
    stream_version: change.version,
    action: added ? 'added' : 'removed',
    reason: added?.reason ?? null,
    source: added?.source ?? null,
    expires_at: added?.expiresAt ?? null,
    call_id: added?.callId ?? null,
    actor: change.actor,
    at: change.at,
  };
};

export const toEntryView = (r: EntryRecord): DoNotCallEntryView => ({
  phoneNumber: r.phone_number,
  reason: r.reason,
  source: r.source,
  expiresAt: isoOrNull(r.expires_at),
  callId: r.call_id,
  listedAt: iso(r.listed_at),
  listedBy: r.listed_by,
  updatedAt: iso(r.updated_at),
});

export const toChangeView = (r: ChangeRecord): DoNotCallChangeView => ({
  action: r.action,
  reason: r.reason,
  source: r.source,
  expiresAt: isoOrNull(r.expires_at),
  callId: r.call_id,
  actor: r.actor,
  at: iso(r.at),
});
