import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { currentSchemaVersion } from '../../src/application/events/upcasters.js';

type Row = Readonly<{ stream: string; stream_version: number; event_id: string; type: string; schema_version: number; data: string; metadata: string; recorded_at: Date }>;

const ALWAYS = { timezone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }], blackoutDates: [] };

/**
 * A clean log the size of a busy month, written straight into `events` in large INSERTs (the event
 * store's append is measured elsewhere): campaigns of `campaignSize` numbers dialed `cap` at a time,
 * one call in ten busy on its first attempt and retried first, every dial claimed on its number's
 * stream. Built in the dialer's order, so `verify` must find nothing.
 */
export async function writeAuditLog(knex: Knex, options: Readonly<{ events: number; campaignSize: number; cap: number }>): Promise<number> {
  const versions = new Map<string, number>();
  let rows: Row[] = [];
  let written = 0;
  let clock = Date.parse('2026-12-01T12:00:00.000Z');
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    await knex.batchInsert('events', rows, 5_000);
    written += rows.length;
    rows = [];
  };
  const emit = async (stream: string, type: string, data: Record<string, unknown>): Promise<void> => {
    const version = (versions.get(stream) ?? -1) + 1;
    versions.set(stream, version);
    const recordedAt = new Date(clock).toISOString();
    const metadata = { correlationId: 'bench', causationId: 'bench', actor: 'bench', recordedAt, schemaVersion: currentSchemaVersion(type) };
    rows.push({ stream, stream_version: version, event_id: randomUUID(), type, schema_version: metadata.schemaVersion, data: JSON.stringify(data), metadata: JSON.stringify(metadata), recorded_at: new Date(clock) });
    if (rows.length >= 20_000) await flush();
  };
  for (let c = 0; written + rows.length < options.events; c += 1) {
    const id = randomUUID();
    const campaign = `campaign-${id}`;
    const dialer = `dialer-${id}`;
    const calls = Array.from({ length: options.campaignSize }, (_, i) => ({ callId: randomUUID(), phoneNumber: `+1212${String(c % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}` }));
    const config = { name: `bench ${c}`, schedule: ALWAYS, maxConcurrentCalls: options.cap, retryPolicy: { maxRetries: 1, initialDelayMs: 500, backoffMultiplier: 1, maxDelayMs: 500 } };
    await emit(campaign, 'CampaignCreated', { campaignId: id, ...config, recipientHours: null, complianceRules: 'none', subject: id, weight: 1 });
    await emit(campaign, 'CampaignNumbersAdded', { calls });
    await emit(campaign, 'CampaignStarted', {});
    let fresh = 0;
    const retries: Array<{ callId: string; phoneNumber: string }> = [];
    let completed = 0;
    while (fresh < calls.length || retries.length > 0) {
      clock += 1_000;
      const again = retries.splice(0, options.cap);
      const wave = [...again.map((call) => ({ ...call, attempt: 2 })), ...calls.slice(fresh, fresh + options.cap - again.length).map((call) => ({ ...call, attempt: 1 }))];
      fresh += wave.length - again.length;
      for (const { callId, phoneNumber, attempt } of wave) {
        await emit(dialer, 'DialStarted', { callId, attempt, phoneNumber });
        await emit(`number-${phoneNumber}`, 'NumberDialClaimed', { phoneNumber, campaignId: id, callId, attempt, subject: id, at: new Date(clock).toISOString() });
        if (attempt === 1) await emit(`call-${callId}`, 'CallScheduled', { callId, campaignId: id, phoneNumber });
        await emit(`call-${callId}`, 'CallAttempted', { attempt });
      }
      clock += 1_000;
      for (const { callId, phoneNumber, attempt } of wave) {
        if (attempt === 1 && Number.parseInt(callId.slice(0, 2), 16) % 10 === 0) {
          const dueAt = new Date(clock + 500).toISOString();
          await emit(`call-${callId}`, 'CallFailed', { attempt, outcome: 'busy', providerCallId: null, willRetry: true });
          await emit(`call-${callId}`, 'CallRetryScheduled', { attempt: 2, dueAt });
          await emit(dialer, 'DialEnded', { callId, attempt, outcome: 'busy', retryDueAt: dueAt, terminal: false });
          retries.push({ callId, phoneNumber });
        } else {
          await emit(`call-${callId}`, 'CallCompleted', { attempt, providerCallId: null, durationMs: 1_000 });
          await emit(dialer, 'DialEnded', { callId, attempt, outcome: 'answered', retryDueAt: null, terminal: true });
          completed += 1;
        }
      }
    }
    await emit(campaign, 'CampaignCompleted', { completed, failed: 0 });
  }
  await flush();
  return written;
}
