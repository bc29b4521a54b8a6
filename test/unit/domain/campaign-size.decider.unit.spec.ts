import { MAX_CALLS_PER_CAMPAIGN } from '../../../src/domain/campaign/campaign-limits.js';
import { campaignDecider } from '../../../src/domain/campaign/campaign.decider.js';
import type { CampaignEvent } from '../../../src/domain/campaign/campaign.events.js';
import type { CampaignState } from '../../../src/domain/campaign/campaign.state.js';
import { LimitExceededError } from '../../../src/domain/shared/errors.js';
import { deciderSpec } from '../../support/given-when-then.js';
import { campaignHistory } from './campaign.fixtures.js';

const { fold } = deciderSpec(campaignDecider);

/** `count` distinct E.164 numbers with cheap ids: +1 212 2XX XXXX from `offset`. */
const calls = (count: number, offset = 0) =>
  Array.from({ length: count }, (_, k) => ({ callId: `c${k + offset}`, phoneNumber: `+1212${2_000_000 + k + offset}` }));

describe('campaign decider: at most MAX_CALLS_PER_CAMPAIGN calls', () => {
  const { campaignId, created } = campaignHistory();
  // Folded once: a million-call history is the point, and folding it is the slow part.
  let almostFull: CampaignState;
  beforeAll(() => {
    almostFull = fold([created(), { type: 'CampaignNumbersAdded', data: { calls: calls(MAX_CALLS_PER_CAMPAIGN - 1) } }]);
  }, 60_000);
  const add = (batch: ReturnType<typeof calls>): CampaignEvent[] =>
    campaignDecider.decide({ type: 'AddNumbers', campaignId, calls: batch }, almostFull);

  it('is at least 1,000,000', () => {
    expect(MAX_CALLS_PER_CAMPAIGN).toBeGreaterThanOrEqual(1_000_000);
  });

  it('fills a campaign up to the limit', () => {
    const last = calls(1, MAX_CALLS_PER_CAMPAIGN);
    expect(add(last)).toEqual([{ type: 'CampaignNumbersAdded', data: { calls: last } }]);
  });

  it('refuses the batch that would pass it, naming the limit, and adds none of it', () => {
    const refused = (() => {
      try {
        return add(calls(2, MAX_CALLS_PER_CAMPAIGN));
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(LimitExceededError);
    expect((refused as LimitExceededError).limit).toBe(MAX_CALLS_PER_CAMPAIGN);
    expect((refused as Error).message).toContain(String(MAX_CALLS_PER_CAMPAIGN));
  });

  it('counts only new numbers: re-adding known ones to a full campaign is still a no-op', () => {
    expect(add([...calls(3), ...calls(1, 5)])).toEqual([]);
  });
});
