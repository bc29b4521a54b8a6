import { IllegalStateError, NotFoundError } from '../../../domain/shared/errors.js';
import type { CommandContext } from '../../command-handling/command-context.js';
import { handleCallCommand } from '../../command-handling/domain-handlers.js';
import type { EventStore } from '../../ports/event-store.port.js';
import { openCallStream } from '../../dialer/call-attempts.js';
import type { RemovedCallFate } from './remove-number.command.js';

export const REMOVED_REASON = 'number removed';

type RemovedCall = Readonly<{ campaignId: string; callId: string; phoneNumber: string }>;

/** Each lost race means another writer moved the call; two rounds see where it settled. */
const ROUNDS = 3;

/**
 * Cancels the call of a removed number on its own stream, where the call decider lets one writer win
 * against the dialer: a call never dialed (no stream yet: it is opened already cancelled, as the dialer
 * opens one already attempted) or waiting for a retry is cancelled; an attempt in flight cannot be
 * taken back and finishes; an ended call stays as it ended.
 */
export const cancelRemovedCall = async (store: EventStore, call: RemovedCall, context: CommandContext): Promise<RemovedCallFate> => {
  for (let round = 0; round < ROUNDS; round += 1) {
    try {
      const { events } = await handleCallCommand(store, { type: 'CancelCall', callId: call.callId, reason: REMOVED_REASON }, context);
      return events.length > 0 ? 'cancelled' : 'ended';
    } catch (error) {
      if (error instanceof IllegalStateError) return 'in_flight';
      if (!(error instanceof NotFoundError)) throw error;
    }
    if (await openCancelled(store, call, context)) return 'cancelled';
  }
  throw new Error(`call ${call.callId} kept changing while its number was removed`);
};

const openCancelled = (store: EventStore, { campaignId, ...call }: RemovedCall, context: CommandContext): Promise<boolean> =>
  openCallStream(store, campaignId, call, { type: 'CallCancelled', data: { reason: REMOVED_REASON } }, context);
