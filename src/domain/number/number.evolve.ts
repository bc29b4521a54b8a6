import { addMilliseconds, isAtOrBefore } from '../shared/instant.js';
import { MAX_CAP_WINDOW_MS } from './frequency-cap.js';
import type { NumberEvent } from './number.events.js';
import type { NumberState } from './number.state.js';

export const initialState = (): NumberState => ({ listing: null, claims: [] });

export const evolve = (state: NumberState, event: NumberEvent): NumberState => {
  switch (event.type) {
    case 'NumberAddedToDoNotCall': {
      const { reason, source, expiresAt, callId } = event.data;
      return { ...state, listing: { reason, source, expiresAt, callId } };
    }
    case 'NumberRemovedFromDoNotCall':
      return { ...state, listing: null };
    case 'NumberDialClaimed': {
      const { campaignId, callId, attempt, subject, at } = event.data;
      const horizon = addMilliseconds(at, -MAX_CAP_WINDOW_MS);
      // Only an attempt's latest claim counts: an earlier one was not dialed then (DESIGN §7.2).
      const recent = state.claims.filter((claim) => !isAtOrBefore(claim.at, horizon) && (claim.callId !== callId || claim.attempt !== attempt));
      return { ...state, claims: [...recent, { campaignId, callId, attempt, subject, at }] };
    }
    default: {
      // An event type from a newer writer: a tolerant reader skips it instead of stopping the fold.
      const _unknown: never = event;
      return state;
    }
  }
};
