import type { CallExplanation, Outcome, RecipientWhy, Step, Why } from './explain-call.js';

const windowText = (why: Why): string | null => {
  const w = why.campaignWindow;
  if (w === null) return null;
  const windows = (w.windows as Array<{ days: string[]; start: string; end: string }>).map((x) => `${x.days.join(',')} ${x.start}–${x.end}`).join('; ');
  return `campaign window ${w.openAtDecision ? 'open' : 'CLOSED'} (${windows} ${w.timezone})`;
};

export const recipientText = (r: RecipientWhy): string => {
  const zones = r.zones.map((z) => `${z.localTime} in ${z.zone} (zone from ${z.source})`).join(', ');
  const states = r.states.length === 0 ? '' : `; states ${r.states.map((s) => `${s.state} (from ${s.source})`).join(', ')}`;
  const hours = r.recipientHours ? `recipient hours ${r.recipientHours.start}–${r.recipientHours.end}` : 'no recipient hours of the campaign';
  const rules = r.rules.length === 0 ? 'no legal rules applied' : `rules ${r.rules.map((x) => `${x.id}${x.citation ? ` [${x.citation}]` : ''}`).join(', ')}`;
  const closed = r.closedBy.length === 0 ? 'open' : `closed by ${r.closedBy.join(', ')}`;
  return `recipient ${closed}: local time ${zones}${states}; ${hours}; ${r.complianceRules} rules, ${rules}; rule set ${r.ruleSetVersion}`;
};

const outcomeText = (o: Outcome): string => {
  if (o.attemptedAt === null && o.result === null) return 'not recorded on the call (yet)';
  const token = o.rate ? ` (token from the calls-per-second budget, ${o.rate.count} per ${o.rate.windowMs} ms)` : '';
  const parts = [o.attemptedAt ? `dial requested ${o.attemptedAt}${token}` : null, o.answeredAt ? `answered ${o.answeredAt}` : null];
  if (o.result === 'answered') parts.push(`completed ${o.endedAt}${o.durationMs === null ? '' : ` after ${(o.durationMs / 1000).toFixed(1)} s`}${o.endReason ? ` (${o.endReason})` : ''}`);
  else if (o.result !== null) parts.push(`${o.result}${o.endedAt ? ` at ${o.endedAt}` : ''}${o.willRetry ? `, to be retried${o.retryDueAt ? ` at ${o.retryDueAt}` : ''}` : o.willRetry === false ? ', not retried' : ''}`);
  else parts.push('still in flight');
  return parts.filter((p) => p !== null).join(', ');
};

const stepText = (step: Step): string => {
  switch (step.kind) {
    case 'attempt': {
      const { why } = step;
      const reasons = [
        windowText(why),
        why.slot ? (why.slot.inFlightBefore === null ? `cap ${why.slot.cap}` : `slot ${why.slot.inFlightBefore + 1} of ${why.slot.cap}`) : null,
        why.global ? `global slot ${why.global.inFlightBefore + 1} of ${why.global.cap} (weight ${why.global.weight}, share ${Number(why.global.share.toFixed(2))})` : null,
        why.retryDueAt ? `retry due at ${why.retryDueAt}` : null,
        why.recipient ? recipientText(why.recipient) : null,
        why.recorded ? null : 'the decision predates recorded inputs: this is what the log still shows',
      ].filter((r) => r !== null);
      return `Attempt ${step.attempt}${step.decidedAt ? ` decided ${step.decidedAt}` : ''}: ${reasons.join('; ') || 'no inputs recorded'}. What happened: ${outcomeText(step.outcome)}.`;
    }
    case 'wait':
      if (step.waitingFor === 'rate_limit') return `Attempt ${step.attempt} waits for a calls-per-second token (rate_limit) from ${step.at}${step.until ? ` until ${step.until}` : ''}; its slot is given back meanwhile.`;
      return `Attempt ${step.attempt} waits for ${step.waitingFor} from ${step.at}${step.until ? ` until ${step.until}` : ''}${step.recipient ? ` — ${recipientText(step.recipient)}` : ''}.`;
    case 'skip':
      return `Skipped at ${step.at}: ${step.reason}; never to be dialed.`;
    case 'cancel':
      return `Cancelled at ${step.at}: ${step.reason}.`;
    default: {
      const _never: never = step;
      return '';
    }
  }
};

/** The explanation in words, a line per step. */
export const explanationText = (e: CallExplanation): string[] => [
  `Call ${e.callId} to ${e.phoneNumber ?? 'an unknown number'}${e.campaignId ? ` (campaign ${e.campaignId})` : ' (single call)'}:`,
  ...(e.steps.length === 0 ? ['  nothing decided yet.'] : e.steps.map((s) => `  ${stepText(s)}`)),
];
