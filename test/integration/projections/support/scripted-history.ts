import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../../src/application/ports/event-store.port.js';
import { callScript, campaignScript, phone, type CampaignScript, type ScriptClock } from './history.js';

/** Dials one call to its end: answered at once, busy then answered, or failing every attempt. */
async function dial(call: CampaignScript['calls'][number], kind: 'answer' | 'retry-then-answer' | 'fail' | 'in-flight' | 'retry-due') {
  await call.scheduled();
  await call.attempted(1);
  if (kind === 'in-flight') return;
  if (kind === 'answer') return void (await call.completed(1));
  if (kind === 'fail') return void (await call.failed(1, 'rejected', false));
  await call.failed(1, 'busy', true);
  await call.retryScheduled(2, '2026-11-24T15:00:00.000Z');
  if (kind === 'retry-due') return;
  await call.attempted(2);
  await call.completed(2);
}

/**
 * Several campaigns through every event type: completed, paused mid-way, cancelled with calls in
 * every state, deleted, still pending, plus a single call outside any campaign. Returns the scripts.
 */
export async function scriptedHistory(store: EventStore, clock: ScriptClock) {
  const done = campaignScript(store, clock);
  await done.created({ name: 'done' });
  await done.numbersAdded(4);
  await done.started();
  await dial(done.calls[0]!, 'answer');
  await dial(done.calls[1]!, 'retry-then-answer');
  await dial(done.calls[2]!, 'fail');
  await dial(done.calls[3]!, 'answer');
  await done.completed(3, 1);

  const paused = campaignScript(store, clock);
  await paused.created({ name: 'paused' });
  await paused.numbersAdded(5);
  await paused.updated({ maxConcurrentCalls: 2, name: 'paused, renamed' });
  await paused.started();
  await dial(paused.calls[0]!, 'answer');
  await dial(paused.calls[1]!, 'in-flight');
  await paused.paused();
  await paused.numbersAdded(3);

  const cancelled = campaignScript(store, clock);
  await cancelled.created({ name: 'cancelled' });
  await cancelled.numbersAdded(6);
  await cancelled.started();
  await dial(cancelled.calls[0]!, 'answer');
  await dial(cancelled.calls[1]!, 'retry-due');
  await dial(cancelled.calls[2]!, 'in-flight');
  await cancelled.calls[3]!.scheduled();
  await cancelled.cancelled();
  await cancelled.calls[1]!.cancelled();
  await cancelled.calls[2]!.failed(1, 'no_answer', false);

  const deleted = campaignScript(store, clock);
  await deleted.created({ name: 'deleted' });
  await deleted.numbersAdded(2);
  await deleted.deleted();

  const pending = campaignScript(store, clock);
  await pending.created({ name: 'pending' });

  const single = callScript(store, clock, randomUUID(), null, phone());
  await single.scheduled();
  await single.attempted(1);
  await single.failed(1, 'busy', true);
  await single.retryScheduled(2, '2026-11-24T16:00:00.000Z');

  return { done, paused, cancelled, deleted, pending, single };
}
