import { campaignDecider } from '../../../src/domain/campaign/campaign.decider.js';
import type { CampaignEvent } from '../../../src/domain/campaign/campaign.events.js';
import { IllegalStateError, NotFoundError } from '../../../src/domain/shared/errors.js';
import { deciderSpec } from '../../support/given-when-then.js';
import { call, campaignHistory } from './campaign.fixtures.js';

const { given } = deciderSpec(campaignDecider);

const setup = () => {
  const history = campaignHistory();
  const ada = call('+14155550100');
  const grace = call('+14155550101');
  const added = history.numbersAdded(ada, grace);
  const removed = (c: typeof ada): CampaignEvent => ({ type: 'CampaignNumberRemoved', data: { callId: c.callId, phoneNumber: c.phoneNumber } });
  const remove = (phoneNumber: string) => ({ type: 'RemoveNumber' as const, campaignId: history.campaignId, phoneNumber });
  return { ...history, ada, grace, added, removed, remove };
};

describe('campaign decider: RemoveNumber', () => {
  it.each(['pending', 'in_progress', 'paused'] as const)('removes a number of a %s campaign, naming its call', (status) => {
    const { created, added, ada, removed, remove } = setup();
    const lifecycle: CampaignEvent[] = { pending: [], in_progress: [{ type: 'CampaignStarted', data: {} }], paused: [{ type: 'CampaignStarted', data: {} }, { type: 'CampaignPaused', data: {} }] }[status] as CampaignEvent[];
    const state = given([created(), added, ...lifecycle]).when(remove(ada.phoneNumber)).then([removed(ada)]);
    expect(state.status === 'initial' ? null : [...state.removed]).toEqual([ada.phoneNumber]);
  });

  it('is a no-op the second time, so a retried DELETE succeeds', () => {
    const { created, added, ada, removed, remove } = setup();
    given([created(), added, removed(ada)]).when(remove(ada.phoneNumber)).thenNothing();
  });

  it('is not found for a number never added, or an unknown or deleted campaign', () => {
    const { created, added, remove, at } = setup();
    given([created(), added]).when(remove('+14155550199')).thenThrows(NotFoundError, 'not in campaign');
    given([]).when(remove('+14155550100')).thenThrows(NotFoundError);
    given(at.deleted).when(remove('+14155550101')).thenThrows(NotFoundError);
  });

  it.each(['completed', 'failed', 'cancelled'] as const)('is illegal once the campaign is %s: its results are final', (status) => {
    const { at, remove } = setup();
    given(at[status]).when(remove('+14155550101')).thenThrows(IllegalStateError, 'cannot remove numbers');
  });

  it('refuses to start a campaign whose every number was removed', () => {
    const { campaignId, created, added, ada, grace, removed } = setup();
    given([created(), added, removed(ada), removed(grace)]).when({ type: 'StartCampaign', campaignId }).thenThrows(IllegalStateError, 'no phone numbers');
  });

  it('completes with a removed call left out of the counts (cancelled) or in them (ended by an outcome)', () => {
    const { campaignId, created, added, ada, removed } = setup();
    const running = [created(), added, removed(ada), { type: 'CampaignStarted', data: {} } as CampaignEvent];
    const done = (completed: number): CampaignEvent => ({ type: 'CampaignCompleted', data: { completed, failed: 0 } });
    given(running).when({ type: 'CompleteCampaign', campaignId, completed: 1, failed: 0 }).then([done(1)]);
    given(running).when({ type: 'CompleteCampaign', campaignId, completed: 2, failed: 0 }).then([done(2)]);
    given(running).when({ type: 'CompleteCampaign', campaignId, completed: 0, failed: 0 }).thenThrows(IllegalStateError, 'cannot complete');
    given(running).when({ type: 'CompleteCampaign', campaignId, completed: 3, failed: 0 }).thenThrows(IllegalStateError, 'cannot complete');
  });

  it('keeps the removed number: adding it again is a duplicate', () => {
    const { campaignId, created, added, ada, removed } = setup();
    given([created(), added, removed(ada)]).when({ type: 'AddNumbers', campaignId, calls: [call(ada.phoneNumber)] }).thenNothing();
  });
});
