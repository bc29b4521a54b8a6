import { DateTime } from 'luxon';
import { recipientWindow, resolveZones, type RecipientHours, type ZoneResolution } from '../../compliance/index.js';
import { toEpochMs } from '../../shared/instant.js';
import { evidenceOf, num, streamId, violation } from '../audit-event.js';
import type { CallFacts } from '../log-facts.js';
import type { Check } from './check.js';

const ALL_DAY: RecipientHours = { start: '00:00', end: '24:00' };
const RESOLUTIONS_KEPT = 50_000;

/**
 * Invariant 8: each attempt of a campaign with recipient hours or built-in rules is inside the
 * recipient's window at the instant it was recorded, as the rules say — without the dialer's own
 * closing margin, which is its safety, not the law. Campaigns from before the rules existed
 * (neither field) have nothing to check.
 */
export const recipientHoursCheck = (): Check => {
  const resolutions = new Map<string, ZoneResolution | null>();
  const resolve = (call: CallFacts): ZoneResolution | null => {
    const key = `${call.phoneNumber}|${call.timezone ?? ''}|${call.zip ?? ''}`;
    let resolution = resolutions.get(key);
    if (resolution !== undefined) return resolution;
    try {
      resolution = resolveZones({ phoneNumber: call.phoneNumber, ...(call.timezone ? { timezone: call.timezone } : {}), ...(call.zip ? { zip: call.zip } : {}) });
    } catch {
      resolution = null;
    }
    if (resolutions.size >= RESOLUTIONS_KEPT) resolutions.clear();
    resolutions.set(key, resolution);
    return resolution;
  };
  return {
    observe(event, facts, report) {
      if (event.type !== 'CallAttempted' || !event.stream.startsWith('call-')) return;
      const callId = streamId(event.stream);
      const call = facts.calls.get(callId);
      const campaign = call?.campaignId ? facts.campaigns.get(call.campaignId) : undefined;
      if (call === undefined || campaign === undefined) return;
      if (campaign.recipientHours === null && campaign.complianceRules === 'none') return;
      const resolution = resolve(call);
      const attempt = num(event.data, 'attempt');
      const options = { recipientHours: campaign.recipientHours ?? ALL_DAY, complianceRules: campaign.complianceRules, marginMs: 0 };
      const window = resolution === null ? null : recipientWindow(resolution, options, DateTime.fromMillis(toEpochMs(event.recordedAt)).toJSDate());
      if (window?.open) return;
      const where = window === null ? `an unreadable location` : describe(window.explanation.zones, window.explanation.closedBy);
      report(violation('recipient-hours', campaign.id, `call ${callId} attempt ${attempt} to ${call.phoneNumber} at ${event.recordedAt}: ${where}`, [evidenceOf(event)]));
    },
  };
};

const describe = (zones: ReadonlyArray<{ zone: string; source: string; localTime: string }>, closedBy: readonly string[]): string =>
  `closed by ${closedBy.join(', ')}; local time ${zones.map((z) => `${z.localTime} in ${z.zone} (from ${z.source})`).join(', ')}`;
