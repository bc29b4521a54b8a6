import { appendCalls, emptyCallList } from './campaign-call-list.js';
import { applyConfigChanges, configOf } from './campaign-config-change.js';
import type { CampaignEvent } from './campaign.events.js';
import type { CampaignState, ExistingCampaignState } from './campaign.state.js';

export const initialState = (): CampaignState => ({ status: 'initial' });

const core = ({ campaignId, config, calls, removed }: ExistingCampaignState) => ({ campaignId, config, calls, removed });

export const evolve = (state: CampaignState, event: CampaignEvent): CampaignState => {
  if (event.type === 'CampaignCreated') {
    return { status: 'pending', campaignId: event.data.campaignId, config: configOf(event.data), calls: emptyCallList(), removed: new Set<string>() };
  }
  // Events before creation can only come from a corrupted stream; the decider then still sees "not found".
  if (state.status === 'initial') return state;
  switch (event.type) {
    case 'CampaignUpdated':
      return { ...state, config: applyConfigChanges(state.config, event.data) };
    case 'CampaignNumbersAdded':
      return { ...state, calls: appendCalls(state.calls, event.data.calls) };
    case 'CampaignNumberRemoved':
      return { ...state, removed: new Set(state.removed).add(event.data.phoneNumber) };
    case 'CampaignStarted':
    case 'CampaignResumed':
      return { ...core(state), status: 'in_progress' };
    case 'CampaignPaused':
      return { ...core(state), status: 'paused' };
    case 'CampaignCancelled':
      return { ...core(state), status: 'cancelled', reason: event.data.reason };
    case 'CampaignCompleted':
      return { ...core(state), status: 'completed', ...event.data };
    case 'CampaignFailed':
      return { ...core(state), status: 'failed', ...event.data };
    case 'CampaignDeleted':
      return { ...core(state), status: 'deleted' };
    default: {
      // An event type from a newer writer: a tolerant reader skips it instead of stopping the fold.
      const _unknown: never = event;
      return state;
    }
  }
};
