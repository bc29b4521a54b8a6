import type { CallEvent } from '../../domain/call/call.events.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import {
  upcastCampaignCreatedV1,
  upcastCampaignCreatedV2,
  type CampaignCreatedV1,
  type CampaignCreatedV2,
} from '../../domain/campaign/campaign.events.v1.js';
import type { RecordedEvent } from '../ports/event-store.port.js';

type EventData = RecordedEvent['data'];
/** Turns the payload of version n into the payload of version n + 1. */
export type Upcaster = (data: EventData, event: RecordedEvent) => EventData;
/** Keyed `${type}@${fromVersion}`. */
export type UpcasterRegistry = ReadonlyMap<string, Upcaster>;

export const upcasterKey = (type: string, fromVersion: number): string => `${type}@${fromVersion}`;

/** The schema version new events are written with; a bump needs an upcaster from the previous one. */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<CampaignEvent['type'] | CallEvent['type'], number>> = {
  CampaignCreated: 3,
  CampaignUpdated: 1,
  CampaignNumbersAdded: 1,
  CampaignNumberRemoved: 1,
  CampaignStarted: 1,
  CampaignPaused: 1,
  CampaignResumed: 1,
  CampaignCancelled: 1,
  CampaignCompleted: 1,
  CampaignFailed: 1,
  CampaignDeleted: 1,
  CallScheduled: 1,
  CallAttempted: 1,
  CallAnswered: 1,
  CallCompleted: 1,
  CallFailed: 1,
  CallRetryScheduled: 1,
  CallCancelled: 1,
  CallSkipped: 1,
};

export const UPCASTERS: UpcasterRegistry = new Map<string, Upcaster>([
  [upcasterKey('CampaignCreated', 1), (data) => upcastCampaignCreatedV1(data as CampaignCreatedV1['data'])],
  [upcasterKey('CampaignCreated', 2), (data) => upcastCampaignCreatedV2(data as CampaignCreatedV2['data'])],
]);

export class UnsupportedSchemaVersionError extends Error {
  override readonly name = 'UnsupportedSchemaVersionError';
}

const versionOf = (event: RecordedEvent): number =>
  typeof event.metadata.schemaVersion === 'number' ? event.metadata.schemaVersion : 1;

export const makeUpcast =
  (registry: UpcasterRegistry, current: Readonly<Record<string, number>>) =>
  (event: RecordedEvent): RecordedEvent => {
    const target = current[event.type] ?? 1;
    let version = versionOf(event);
    if (version === target) return event;
    // An event from a newer writer cannot be read correctly by this code; guessing would corrupt views.
    if (version > target) {
      throw new UnsupportedSchemaVersionError(`${event.type} v${version} is newer than v${target} known here`);
    }
    let data = event.data;
    for (; version < target; version += 1) {
      const step = registry.get(upcasterKey(event.type, version));
      if (!step) throw new UnsupportedSchemaVersionError(`no upcaster for ${event.type} v${version}`);
      data = step(data, event);
    }
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: target } };
  };

/** Reads any stored version of an event as its current shape. */
export const upcast = makeUpcast(UPCASTERS, CURRENT_SCHEMA_VERSIONS);

export const currentSchemaVersion = (type: string): number =>
  (CURRENT_SCHEMA_VERSIONS as Readonly<Record<string, number>>)[type] ?? 1;
