import type { CallOutcome } from '../../../domain/call/call.events.js';

export const TWILIO_STATUS_PATH = '/api/v1/telephony/twilio/status';

/** What one Twilio status callback means to us. */
export type TwilioStatusMeaning =
  | { kind: 'progress' }
  | { kind: 'answered' }
  | { kind: 'outcome'; outcome: CallOutcome; durationMs: number | null };

const ENDED: Record<string, CallOutcome> = {
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'error',
  canceled: 'error',
};

/** AnsweredBy with answering-machine detection on: `human`, `unknown`, `machine_start`, `machine_end_beep`, …, `fax`. */
const reachedAMachine = (answeredBy: string | undefined): boolean =>
  answeredBy !== undefined && (answeredBy.startsWith('machine_') || answeredBy === 'fax');

/**
 * Twilio's CallStatus onto our outcomes. A call a machine answered did not reach the person: it
 * is not `answered` (that would stop its retries for good) but ends `no_answer`, retried by policy.
 */
export const meaningOf = (callStatus: string, answeredBy: string | undefined, callDuration: string | undefined): TwilioStatusMeaning | null => {
  const seconds = callDuration !== undefined && /^\d+$/.test(callDuration) ? Number(callDuration) * 1000 : null;
  switch (callStatus) {
    case 'queued':
    case 'initiated':
    case 'ringing':
      return { kind: 'progress' };
    case 'in-progress':
      return reachedAMachine(answeredBy) ? { kind: 'progress' } : { kind: 'answered' };
    case 'completed':
      return { kind: 'outcome', outcome: reachedAMachine(answeredBy) ? 'no_answer' : 'answered', durationMs: seconds };
    default: {
      const outcome = ENDED[callStatus];
      return outcome === undefined ? null : { kind: 'outcome', outcome, durationMs: seconds };
    }
  }
};
