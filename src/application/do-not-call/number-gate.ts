import type { DialRefusal } from '../../domain/number/dial-claim.js';
import type { FrequencyCap } from '../../domain/number/frequency-cap.js';
import { DialRefusedError } from '../../domain/number/number.decider.js';
import type { CommandContext } from '../command-handling/command-context.js';
import { handleNumberCommand } from '../command-handling/domain-handlers.js';
import type { EventStore, Position } from '../ports/event-store.port.js';

export type DialClaimRequest = Readonly<{
  campaignId: string | null;
  callId: string;
  attempt: number;
  /** Caps count attempts across campaigns of one subject (a campaign's default subject is its id). */
  subject: string;
  /** Caps on top of the org default FREQUENCY_CAP, e.g. the state rules that apply to the number. */
  caps?: readonly FrequencyCap[];
}>;

export type DialClaimResult =
  | Readonly<{ status: 'claimed'; /** Where the claim sits in the log; null when this attempt had claimed already. */ position: Position | null }>
  | (Readonly<{ status: 'refused' }> & DialRefusal);

/** Who asks; stamped on the events appended. */
export type GateMeta = Partial<Pick<CommandContext, 'correlationId' | 'causationId' | 'actor'>>;

/**
 * Claims and list changes for one number meet on its stream; contention is rare and short. A command
 * that keeps losing after this many re-reads surfaces as a ConcurrencyError (the dialer tries again
 * later, the API answers 409).
 */
export const NUMBER_CONFLICT_RETRIES = 8;

/**
 * What the dialer asks before every dial. The claim is appended to the number's stream with the
 * version it was decided on, so a do-not-call add for the same number is ordered strictly before it
 * (the claim is refused) or after it (the dial was claimed before the add answered); concurrent
 * claims under a cap are ordered the same way, whatever instance makes them.
 */
export class NumberGate {
  constructor(
    private readonly store: EventStore,
    /** The org default (FREQUENCY_CAP); null: none. */
    private readonly defaultCap: FrequencyCap | null,
  ) {}

  async claim(phoneNumber: string, request: DialClaimRequest, now: Date, meta: GateMeta = {}): Promise<DialClaimResult> {
    const caps = [...(this.defaultCap ? [this.defaultCap] : []), ...(request.caps ?? [])];
    const { campaignId, callId, attempt, subject } = request;
    const instant = now.toISOString();
    try {
      const result = await handleNumberCommand(
        this.store,
        { type: 'ClaimDial', phoneNumber, campaignId, callId, attempt, subject, caps, now: instant },
        context(meta, instant, `${callId}#${attempt}`, 'dialer'),
        { maxRetries: NUMBER_CONFLICT_RETRIES },
      );
      return { status: 'claimed', position: result.position };
    } catch (error) {
      if (error instanceof DialRefusedError) return { status: 'refused', ...error.refusal };
      throw error;
    }
  }

  /** The person opted out during `callId`: from now on no campaign or single call dials the number. */
  async recordOptOut(phoneNumber: string, callId: string, now: Date, meta: GateMeta = {}): Promise<Position | null> {
    const instant = now.toISOString();
    const result = await handleNumberCommand(
      this.store,
      { type: 'RecordOptOut', phoneNumber, callId, now: instant },
      context(meta, instant, callId, 'telephony-provider'),
      { maxRetries: NUMBER_CONFLICT_RETRIES },
    );
    return result.position;
  }
}

const context = (meta: GateMeta, now: string, causationId: string, actor: string): CommandContext => ({
  correlationId: meta.correlationId ?? causationId,
  causationId: meta.causationId ?? causationId,
  actor: meta.actor ?? actor,
  now,
});
