import { fromEpochMs, toEpochMs } from '../../shared/instant.js';
import { arr, commitOf, evidenceOf, num, str, streamId, violation, type AuditEvent, type Evidence } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import { attemptKey, type Check, type VerifyOptions } from './check.js';

type Retry = { attempt: number; dueMs: number; evidence: Evidence };
type Dialer = { retries: Map<string, Retry>; waits: Map<string, number>; startedRetries: Map<string, Retry> };

const msOf = (instant: string | undefined | null): number => (instant ? toEpochMs(instant) : Number.POSITIVE_INFINITY);

/**
 * Invariant 3, from the dialer's own stream: its `DialStarted` order is its decision order, and a
 * retry exists for it from the `DialEnded` that scheduled it (the call stream's CallRetryScheduled
 * reaches the dialer later, so it proves nothing). A first attempt started at t while a retry of
 * the same dialer was due by t − decisionLagMs, not started in that same decision, and not waiting
 * (DialDeferred, or a frequency-cap `deferred` end, until after that) is a violation. The events of
 * one append are one decision and are taken together, so their order inside it does not matter.
 */
export const retryFirstCheck = (options: VerifyOptions): Check => {
  const dialers = new Map<string, Dialer>();
  const reported = new Set<string>();
  let batch: AuditEvent[] = [];
  const dialerOf = (id: string): Dialer =>
    dialers.get(id) ?? dialers.set(id, { retries: new Map(), waits: new Map(), startedRetries: new Map() }).get(id)!;

  const endDial = (dialer: Dialer, event: AuditEvent): void => {
    const callId = str(event.data, 'callId')!;
    const attempt = num(event.data, 'attempt') ?? 0;
    const outcome = str(event.data, 'outcome');
    const wasRetry = dialer.startedRetries.get(callId);
    dialer.startedRetries.delete(callId);
    if (event.data.terminal === true || outcome === 'skipped') {
      dialer.retries.delete(callId);
      dialer.waits.delete(callId);
    } else if (outcome === 'abandoned' || outcome === 'deferred') {
      if (outcome === 'deferred') dialer.waits.set(callId, msOf(str(event.data, 'retryDueAt')));
      if (wasRetry !== undefined) dialer.retries.set(callId, wasRetry);
    } else {
      dialer.retries.set(callId, { attempt: attempt + 1, dueMs: msOf(str(event.data, 'retryDueAt')), evidence: evidenceOf(event) });
    }
  };

  const flush = (): void => {
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    const dialer = dialerOf(streamId(events[0]!.stream));
    for (const event of events) {
      if (event.type === 'DialEnded') endDial(dialer, event);
      else if (event.type === 'DialDeferred') dialer.waits.set(str(event.data, 'callId')!, msOf(str(event.data, 'until')));
      else if (event.type === 'DialerSegmentOpened') {
        dialer.retries.clear();
        for (const retry of arr((event.data.carried ?? {}) as Record<string, unknown>, 'retries')) {
          dialer.retries.set(str(retry, 'callId')!, { attempt: num(retry, 'attempt')!, dueMs: msOf(str(retry, 'dueAt')), evidence: evidenceOf(event) });
        }
      }
    }
    const started = new Set(events.filter((e) => e.type === 'DialStarted').map((e) => str(e.data, 'callId')));
    for (const event of events) if (event.type === 'DialStarted' && num(event.data, 'attempt') === 1) checkFresh(dialer, event, started);
    for (const callId of started) {
      if (callId === undefined) continue;
      const retry = dialer.retries.get(callId);
      if (retry !== undefined) dialer.startedRetries.set(callId, retry);
      dialer.retries.delete(callId);
      dialer.waits.delete(callId);
    }
  };

  const checkFresh = (dialer: Dialer, event: AuditEvent, started: Set<string | undefined>): void => {
    const decidedBy = toEpochMs(event.recordedAt) - options.decisionLagMs;
    let overtaken: [string, Retry] | null = null;
    for (const [callId, retry] of dialer.retries) {
      if (retry.dueMs > decidedBy || started.has(callId) || (dialer.waits.get(callId) ?? 0) > decidedBy) continue;
      if (overtaken === null || retry.dueMs < overtaken[1].dueMs) overtaken = [callId, retry];
    }
    if (overtaken === null) return;
    const [callId, retry] = overtaken;
    const key = attemptKey(callId, retry.attempt);
    if (reported.has(key)) return;
    reported.add(key);
    const campaignId = streamId(event.stream) === 'single' ? null : streamId(event.stream);
    const fresh = str(event.data, 'callId');
    report(
      violation(
        'retry-first',
        campaignId,
        `call ${fresh} was dialed for the first time at ${event.recordedAt} while call ${callId}'s attempt ${retry.attempt} was due since ${fromEpochMs(retry.dueMs)}`,
        [retry.evidence, evidenceOf(event)],
      ),
    );
  };
  let report: Parameters<Check['observe']>[2] = () => undefined;

  return {
    observe(event, facts, sink) {
      report = sink;
      const head = batch[0];
      if (head !== undefined && (head.stream !== event.stream || commitOf(head.globalPosition) !== commitOf(event.globalPosition))) flush();
      if (event.stream.startsWith('dialer-')) {
        batch.push(event);
        return;
      }
      const ended = event.type === 'CallCancelled' || event.type === 'CallSkipped' || (event.type === 'CallFailed' && event.data.willRetry === false);
      if (!ended || !event.stream.startsWith('call-')) return;
      const callId = streamId(event.stream);
      const dialer = dialers.get(campaignOfCall(facts, callId) ?? 'single');
      dialer?.retries.delete(callId);
    },
    finish(_facts, sink) {
      report = sink;
      flush();
    },
  };
};
