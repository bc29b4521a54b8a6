import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../../src/application/command-handling/command-context.js';
import { handleCallCommand } from '../../../src/application/command-handling/domain-handlers.js';
import { StreamNotFoundError } from '../../../src/application/ports/event-store.port.js';
import type { CallCommand } from '../../../src/domain/call/call.commands.js';
import { callStream } from '../../../src/domain/call/call.events.js';
import type { RetryPolicy } from '../../../src/domain/campaign/campaign-config.js';
import { SIGNATURE_HEADER, signWebhook } from '../../../src/infrastructure/telephony/webhook-signature.js';
import type { TestApp } from '../../support/app.js';

export const NO_DELAY: RetryPolicy = { maxRetries: 2, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 };

export const context = (): CommandContext => ({
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: 'test',
  now: new Date().toISOString(),
});

const call = (app: TestApp, command: CallCommand) => handleCallCommand(app.store, command, context());

export const callEventTypes = async (app: TestApp, callId: string): Promise<string[]> => {
  try {
    return (await app.store.readStream(callStream(callId))).map((e) => e.type);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};

/** A call whose attempt `attempt` is in flight; earlier attempts ended busy with an immediate retry. */
export const givenCallInFlight = async (app: TestApp, options: { attempt?: number; campaignId?: string | null } = {}) => {
  const callId = randomUUID();
  await call(app, { type: 'ScheduleCall', callId, campaignId: options.campaignId ?? null, phoneNumber: '+14155550100' });
  for (let attempt = 1; attempt <= (options.attempt ?? 1); attempt += 1) {
    if (attempt > 1) {
      const outcome = { attempt: attempt - 1, outcome: 'busy' as const, providerCallId: `p${attempt - 1}` };
      await call(app, { type: 'RecordOutcome', callId, ...outcome, retryPolicy: NO_DELAY, now: new Date().toISOString() });
    }
    await call(app, { type: 'StartAttempt', callId, attempt, now: new Date().toISOString() });
  }
  return callId;
};

export const payload = (callId: string, status: string, extra: Record<string, unknown> = {}) => ({
  providerCallId: `mock_${callId}`,
  callId,
  attempt: 1,
  status,
  ...(['completed', 'busy', 'no_answer', 'failed'].includes(status) ? { durationMs: 1234 } : {}),
  occurredAt: new Date().toISOString(),
  ...extra,
});

/** How to spoil a delivery: another secret, timestamp or header, or a body other than the one signed. */
export type Delivery = { secret?: string; timestampSeconds?: number; header?: string | null; sentBody?: string };

/** POSTs `body` signed, by default, with the app's TELEPHONY_WEBHOOK_SECRET, as the provider would. */
export const deliver = async (app: TestApp, body: object, options: Delivery = {}) => {
  const raw = JSON.stringify(body);
  const t = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const secret = options.secret ?? app.running.config.TELEPHONY_WEBHOOK_SECRET ?? '';
  const header = options.header === undefined ? signWebhook(secret, raw, t) : options.header;
  const { status, body: answer } = await app.api<Record<string, unknown>>('POST', '/telephony/webhooks', {
    body: options.sentBody ?? raw,
    contentType: 'application/json',
    headers: header === null ? {} : { [SIGNATURE_HEADER]: header },
  });
  return { status, body: answer };
};
