import { campaignDecider } from '../../../src/domain/campaign/campaign.decider.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import { deciderSpec } from '../../support/given-when-then.js';
import { call, campaignHistory } from './campaign.fixtures.js';

const { given } = deciderSpec(campaignDecider);

describe('campaign decider: StartCampaign', () => {
  it('starts a pending campaign', () => {
    const { campaignId, at } = campaignHistory();
    const state = given(at.pending).when({ type: 'StartCampaign', campaignId }).then([{ type: 'CampaignStarted', data: {} }]);
    expect(state.status).toBe('in_progress');
  });

  it('is a no-op when already in progress', () => {
    const { campaignId, at } = campaignHistory();
    given(at.inProgress).when({ type: 'StartCampaign', campaignId }).thenNothing();
  });

  it('refuses to start a campaign without numbers', () => {
    const { campaignId, at } = campaignHistory();
    given(at.empty).when({ type: 'StartCampaign', campaignId }).thenThrows(IllegalStateError, 'no phone numbers');
  });

  it.each(['paused', 'completed', 'failed', 'cancelled'] as const)('is illegal when %s', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status]).when({ type: 'StartCampaign', campaignId }).thenThrows(IllegalStateError, 'cannot start');
  });

  it('is not found for an unknown or deleted campaign', () => {
    const { campaignId, at } = campaignHistory();
    given([]).when({ type: 'StartCampaign', campaignId }).thenThrows(NotFoundError);
    given(at.deleted).when({ type: 'StartCampaign', campaignId }).thenThrows(NotFoundError);
  });
});

describe('campaign decider: PauseCampaign and ResumeCampaign', () => {
  it('pauses a running campaign and resumes it', () => {
    const { campaignId, at } = campaignHistory();
    given(at.inProgress).when({ type: 'PauseCampaign', campaignId }).then([{ type: 'CampaignPaused', data: {} }]);
    const state = given(at.paused).when({ type: 'ResumeCampaign', campaignId }).then([{ type: 'CampaignResumed', data: {} }]);
    expect(state.status).toBe('in_progress');
  });

  it('is a no-op to pause a paused campaign or resume a running one', () => {
    const { campaignId, at } = campaignHistory();
    given(at.paused).when({ type: 'PauseCampaign', campaignId }).thenNothing();
    given(at.inProgress).when({ type: 'ResumeCampaign', campaignId }).thenNothing();
  });

  it.each(['pending', 'completed', 'failed', 'cancelled'] as const)('is illegal when %s', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status]).when({ type: 'PauseCampaign', campaignId }).thenThrows(IllegalStateError, 'cannot pause');
    given(at[status]).when({ type: 'ResumeCampaign', campaignId }).thenThrows(IllegalStateError, 'cannot resume');
  });

  it('is not found for an unknown campaign', () => {
    const { campaignId } = campaignHistory();
    given([]).when({ type: 'PauseCampaign', campaignId }).thenThrows(NotFoundError);
    given([]).when({ type: 'ResumeCampaign', campaignId }).thenThrows(NotFoundError);
  });
});

describe('campaign decider: CancelCampaign', () => {
  it.each(['pending', 'inProgress', 'paused'] as const)('cancels a %s campaign with its reason', (status) => {
    const { campaignId, at } = campaignHistory();
    const state = given(at[status])
      .when({ type: 'CancelCampaign', campaignId, reason: 'budget cut' })
      .then([{ type: 'CampaignCancelled', data: { reason: 'budget cut' } }]);
    expect(state).toMatchObject({ status: 'cancelled', reason: 'budget cut' });
  });

  it('is a no-op when already cancelled', () => {
    const { campaignId, at } = campaignHistory();
    given(at.cancelled).when({ type: 'CancelCampaign', campaignId, reason: null }).thenNothing();
  });

  it.each(['completed', 'failed'] as const)('is illegal once %s', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status]).when({ type: 'CancelCampaign', campaignId, reason: null }).thenThrows(IllegalStateError, 'cannot cancel');
  });

  it('is not found for an unknown campaign', () => {
    given([]).when({ type: 'CancelCampaign', campaignId: 'nope', reason: null }).thenThrows(NotFoundError, 'nope');
  });
});

describe('campaign decider: CompleteCampaign', () => {
  it('completes when every call is terminal and one was answered', () => {
    const { campaignId, numbersAdded, at } = campaignHistory();
    const history = [...at.inProgress, numbersAdded(call('+14155550102'), call('+14155550103'))];
    const state = given(history)
      .when({ type: 'CompleteCampaign', campaignId, completed: 1, failed: 2 })
      .then([{ type: 'CampaignCompleted', data: { completed: 1, failed: 2 } }]);
    expect(state).toMatchObject({ status: 'completed', completed: 1, failed: 2 });
  });

  it('fails when every call failed', () => {
    const { campaignId, at } = campaignHistory();
    given(at.paused)
      .when({ type: 'CompleteCampaign', campaignId, completed: 0, failed: 1 })
      .then([{ type: 'CampaignFailed', data: { reason: 'every call failed', completed: 0, failed: 1 } }]);
  });

  it('refuses when the counts do not cover every call (numbers added since the dialer looked)', () => {
    const { campaignId, numbersAdded, at } = campaignHistory();
    given([...at.inProgress, numbersAdded(call('+14155550102'))])
      .when({ type: 'CompleteCampaign', campaignId, completed: 1, failed: 0 })
      .thenThrows(IllegalStateError, 'has 2 calls, 1 terminal');
  });

  it('names invalid counts', () => {
    const { campaignId, at } = campaignHistory();
    given(at.inProgress)
      .when({ type: 'CompleteCampaign', campaignId, completed: -1, failed: 2 })
      .thenThrows(ValidationError, 'completed');
  });

  it.each(['completed', 'failed'] as const)('is a no-op once %s', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status]).when({ type: 'CompleteCampaign', campaignId, completed: 1, failed: 0 }).thenNothing();
  });

  it.each(['pending', 'cancelled'] as const)('is illegal when %s', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status])
      .when({ type: 'CompleteCampaign', campaignId, completed: 1, failed: 0 })
      .thenThrows(IllegalStateError, 'cannot complete');
  });

  it('is not found for an unknown campaign', () => {
    given([]).when({ type: 'CompleteCampaign', campaignId: 'x', completed: 0, failed: 0 }).thenThrows(NotFoundError);
  });
});

describe('campaign decider: FailCampaign', () => {
  it.each(['inProgress', 'paused'] as const)('fails a %s campaign with the reason', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status])
      .when({ type: 'FailCampaign', campaignId, reason: 'provider unusable', completed: 0, failed: 0 })
      .then([{ type: 'CampaignFailed', data: { reason: 'provider unusable', completed: 0, failed: 0 } }]);
  });

  it('is a no-op once failed', () => {
    const { campaignId, at } = campaignHistory();
    given(at.failed).when({ type: 'FailCampaign', campaignId, reason: 'again', completed: 0, failed: 1 }).thenNothing();
  });

  it.each(['pending', 'completed', 'cancelled'] as const)('is illegal when %s', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status])
      .when({ type: 'FailCampaign', campaignId, reason: 'x', completed: 0, failed: 0 })
      .thenThrows(IllegalStateError, 'cannot fail');
  });

  it('is not found for an unknown campaign', () => {
    given([]).when({ type: 'FailCampaign', campaignId: 'x', reason: 'x', completed: 0, failed: 0 }).thenThrows(NotFoundError);
  });
});

describe('campaign decider: DeleteCampaign', () => {
  it.each(['pending', 'completed', 'failed', 'cancelled'] as const)('deletes a %s campaign', (status) => {
    const { campaignId, at } = campaignHistory();
    const state = given(at[status]).when({ type: 'DeleteCampaign', campaignId }).then([{ type: 'CampaignDeleted', data: {} }]);
    expect(state.status).toBe('deleted');
  });

  it('is a no-op once deleted, while every other command finds nothing', () => {
    const { campaignId, at } = campaignHistory();
    given(at.deleted).when({ type: 'DeleteCampaign', campaignId }).thenNothing();
    given(at.deleted).when({ type: 'CancelCampaign', campaignId, reason: null }).thenThrows(NotFoundError);
  });

  it.each(['inProgress', 'paused'] as const)('is illegal while %s: cancel first', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status]).when({ type: 'DeleteCampaign', campaignId }).thenThrows(IllegalStateError, 'cancel it first');
  });

  it('is not found for an unknown campaign', () => {
    given([]).when({ type: 'DeleteCampaign', campaignId: 'x' }).thenThrows(NotFoundError);
  });
});
