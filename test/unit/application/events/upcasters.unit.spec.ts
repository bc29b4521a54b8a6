import { randomUUID } from 'node:crypto';
import {
  CURRENT_SCHEMA_VERSIONS,
  makeUpcast,
  upcast,
  upcasterKey,
  type Upcaster,
  UnsupportedSchemaVersionError,
} from '../../../../src/application/events/upcasters.js';
import type { RecordedEvent } from '../../../../src/application/ports/event-store.port.js';
import type { CampaignCreatedV1 } from '../../../../src/domain/campaign/campaign.events.v1.js';

const recorded = (type: string, data: object, schemaVersion?: number): RecordedEvent => ({
  id: randomUUID(),
  stream: `campaign-${randomUUID()}`,
  streamVersion: 0,
  position: { commit: 1n, prepare: 0n },
  type,
  data: data as RecordedEvent['data'],
  metadata: {
    correlationId: 'c',
    causationId: 'c',
    actor: 'test',
    recordedAt: '2026-01-01T00:00:00.000Z',
    ...(schemaVersion === undefined ? {} : { schemaVersion }),
  } as RecordedEvent['metadata'],
  recordedAt: new Date('2026-01-01T00:00:00.000Z'),
});

describe('upcast', () => {
  it('reads a stored CampaignCreated v1 (flat schedule, no blackout dates) as the current shape', () => {
    const campaignId = randomUUID();
    const windows = [{ days: ['mon' as const], start: '09:00', end: '17:00' }];
    const retryPolicy = { maxRetries: 1, initialDelayMs: 1_000, backoffMultiplier: 2, maxDelayMs: 10_000 };
    // As a v1 writer stored it, through JSON.
    const stored = JSON.parse(
      JSON.stringify({ campaignId, name: 'Old', timezone: 'Europe/Paris', windows, maxConcurrentCalls: 3, retryPolicy }),
    ) as CampaignCreatedV1['data'];
    const event = upcast(recorded('CampaignCreated', stored, 1));
    expect(event.data).toEqual({
      campaignId,
      name: 'Old',
      schedule: { timezone: 'Europe/Paris', windows, blackoutDates: [] },
      maxConcurrentCalls: 3,
      retryPolicy,
      recipientHours: null,
      complianceRules: 'none',
      subject: campaignId,
      weight: 1,
    });
    expect(event.metadata.schemaVersion).toBe(CURRENT_SCHEMA_VERSIONS.CampaignCreated);
  });

  it('reads a stored CampaignCreated v2 with the rules in force when it was created: none of its own', () => {
    const campaignId = randomUUID();
    const schedule = { timezone: 'UTC', windows: [{ days: ['mon'], start: '09:00', end: '17:00' }], blackoutDates: ['2026-12-25'] };
    const retryPolicy = { maxRetries: 1, initialDelayMs: 1_000, backoffMultiplier: 2, maxDelayMs: 10_000 };
    const stored = { campaignId, name: 'Before issue 9', schedule, maxConcurrentCalls: 4, retryPolicy };
    const event = upcast(recorded('CampaignCreated', stored, 2));
    expect(event.data).toEqual({ ...stored, recipientHours: null, complianceRules: 'none', subject: campaignId, weight: 1 });
    expect(event.metadata.schemaVersion).toBe(3);
  });

  it('treats an event without a schema version as v1', () => {
    const stored = { campaignId: 'x', name: 'n', timezone: 'UTC', windows: [], maxConcurrentCalls: 1, retryPolicy: {} };
    expect(upcast(recorded('CampaignCreated', stored)).data).toHaveProperty('schedule.timezone', 'UTC');
  });

  it('returns an event already in its current version untouched', () => {
    const current = recorded('CampaignStarted', {}, 1);
    expect(upcast(current)).toBe(current);
  });

  it('refuses an event written by a newer version of the code', () => {
    expect(() => upcast(recorded('CampaignStarted', {}, 2))).toThrow(UnsupportedSchemaVersionError);
  });

  it('applies each step in turn until the current version, and fails on a gap', () => {
    const steps = new Map<string, Upcaster>([
      [upcasterKey('Thing', 1), (data: RecordedEvent['data']) => ({ ...data, b: 'from v1' })],
      [upcasterKey('Thing', 2), (data: RecordedEvent['data']) => ({ ...data, c: `${String(data.b)} then v2` })],
    ]);
    const toV3 = makeUpcast(steps, { Thing: 3 });
    expect(toV3(recorded('Thing', { a: 1 }, 1)).data).toEqual({ a: 1, b: 'from v1', c: 'from v1 then v2' });
    expect(toV3(recorded('Thing', { a: 1, b: 'x' }, 2)).data).toEqual({ a: 1, b: 'x', c: 'x then v2' });
    expect(() => makeUpcast(steps, { Thing: 4 })(recorded('Thing', {}, 1))).toThrow('no upcaster for Thing v3');
  });
});
