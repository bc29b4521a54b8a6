import { BUILTIN_RULES, frequencyCaps, resolveZones } from '../../compliance/index.js';
import { MAX_CAP_WINDOW_MS, type FrequencyCap } from '../../number/frequency-cap.js';
import { toEpochMs } from '../../shared/instant.js';
import { str, streamId, violation, type Evidence } from '../audit-event.js';
import type { LogFacts } from '../log-facts.js';
import { EVIDENCE_LIMIT, type Check, type VerifyOptions } from './check.js';

/** Kept small: a busy log holds a claim per dial; the evidence is rebuilt when one is reported. */
type Claim = { attemptKey: string; subject: string; atMs: number; version: number; globalPosition: string; recordedAt: string };

const evidenceOfClaim = (phoneNumber: string, c: Claim): Evidence => ({ stream: `number-${phoneNumber}`, version: c.version, globalPosition: c.globalPosition, type: 'NumberDialClaimed', recordedAt: c.recordedAt });

/**
 * Invariant 10 on each number's stream: with a claim appended, the claims of its subject inside any
 * cap's rolling window up to it (later-stamped ones too, as the gate counts them) are at most the
 * cap. The caps are the org's FREQUENCY_CAP and, for a campaign with built-in rules, the caps of
 * the number's candidate states effective that day — what the gate was given. An attempt that
 * claimed again later (it waited for a token, or its window closed) counts once, at its latest
 * claim, as the gate counts it: the dial happened then.
 */
export const frequencyCapCheck = (options: VerifyOptions): Check => {
  const claims = new Map<string, Claim[]>();
  // Claims older than the longest window any cap here has can never count again.
  const keepMs = Math.min(
    MAX_CAP_WINDOW_MS,
    Math.max(options.frequencyCap?.windowMs ?? 0, ...BUILTIN_RULES.rules.map(({ effect }) => (effect.kind === 'frequency-cap' ? effect.windowMs : 0))),
  );
  const capsFor = (facts: LogFacts, data: Readonly<Record<string, unknown>>, phoneNumber: string, at: string): FrequencyCap[] => {
    const caps = options.frequencyCap ? [options.frequencyCap] : [];
    const campaignId = str(data, 'campaignId');
    if (!campaignId || facts.campaigns.get(campaignId)?.complianceRules !== 'builtin') return caps;
    const call = facts.calls.get(str(data, 'callId') ?? '');
    let states: string[] = [];
    try {
      states = resolveZones({ phoneNumber, ...(call?.zip ? { zip: call.zip } : {}) }).states.map(({ state }) => state);
    } catch {
      states = [];
    }
    return [...caps, ...frequencyCaps(BUILTIN_RULES, states, at.slice(0, 10)).map(({ id, effect }) => ({ limit: effect.attempts, windowMs: effect.windowMs, source: id }))];
  };
  return {
    observe(event, facts, report) {
      if (event.type !== 'NumberDialClaimed' || !event.stream.startsWith('number-')) return;
      const phoneNumber = streamId(event.stream);
      const subject = str(event.data, 'subject') ?? '';
      const at = str(event.data, 'at') ?? event.recordedAt;
      const atMs = toEpochMs(at);
      const horizon = atMs - keepMs;
      const attemptKey = `${str(event.data, 'callId') ?? ''}#${String(event.data['attempt'])}`;
      const kept = (claims.get(phoneNumber) ?? []).filter((claim) => claim.atMs > horizon && claim.attemptKey !== attemptKey);
      const claim: Claim = { attemptKey, subject, atMs, version: event.streamVersion, globalPosition: event.globalPosition, recordedAt: event.recordedAt };
      kept.push(claim);
      claims.set(phoneNumber, kept);
      for (const cap of capsFor(facts, event.data, phoneNumber, at)) {
        const inWindow = kept.filter((claim) => claim.subject === subject && claim.atMs > atMs - cap.windowMs);
        if (inWindow.length <= cap.limit) continue;
        report(
          violation(
            'frequency-cap',
            str(event.data, 'campaignId') ?? null,
            `${phoneNumber} claimed ${inWindow.length} times on subject "${subject}" within ${cap.windowMs / 3_600_000} h, over the cap of ${cap.limit} (${cap.source})`,
            [...inWindow.filter((c) => c !== claim).slice(0, EVIDENCE_LIMIT - 1), claim].map((c) => evidenceOfClaim(phoneNumber, c)),
          ),
        );
        break;
      }
    },
  };
};
