import type { LoggerService } from '@nestjs/common';
import type { DialEnd } from '../../domain/dialer/dial-outcome.js';
import type { Dial } from '../../domain/dialer/dial-selection.js';
import type { DialEnded, DialerEvent, GlobalInputs } from '../../domain/dialer/dialer.events.js';
import type { DialerState } from '../../domain/dialer/dialer.state.js';
import type { GlobalSlots } from '../pacing/global-slots.js';

const ENDED: ReadonlySet<DialerState['status']> = new Set(['completed', 'failed', 'cancelled', 'deleted']);

/** What one campaign's dialer tells its grants keeper: who it is, and whether it still owns the campaign. */
export type GrantHolder = Readonly<{
  id: string;
  campaignId: string | null;
  /** Still the owner, with a lease valid now: without it a grant may be the next owner's (same slot), not ours. */
  mayDial(): boolean;
}>;

/**
 * One campaign's bookkeeping of its global-cap grants on the ledger (DESIGN §6 invariant 11): the
 * room it may use, and every way a grant is given back — at load, before its slot's DialEnded, when
 * a slot is parked, when the campaign is over. Without a global cap each step costs nothing.
 */
export class GlobalGrants {
  constructor(
    private readonly slots: GlobalSlots | undefined,
    private readonly holder: GrantHolder,
    private readonly logger: LoggerService,
  ) {}

  /** The ledger first: any grant seen then has its DialStarted in the dialer stream read next. */
  async beforeLoad(): Promise<void> {
    await this.slots?.catchUp();
    this.slots?.forgetDemand(this.holder.campaignId);
  }

  /** Grants of this campaign for slots that are not in flight any more (a release lost to a crash): released now. */
  async releaseStale(state: DialerState): Promise<void> {
    if (!this.slots) return;
    const stale = this.slots.grantsOf(this.holder.campaignId).filter((g) => state.inFlight.get(g.callId)?.attempt !== g.attempt);
    await this.slots.release(stale);
  }

  /**
   * The global cap as the ledger shows it now, less the slots this campaign's dials under way are
   * about to be granted (so a second decision does not count the same room twice). Absent: no cap.
   */
  inputs(state: DialerState, busy: ReadonlySet<string>, weight: number): (GlobalInputs & { room: number }) | undefined {
    const { slots } = this;
    if (!slots || !this.holder.mayDial()) return undefined;
    const inputs = slots.inputs(this.holder.campaignId, weight);
    let asking = 0;
    for (const dial of state.inFlight.values()) if (busy.has(dial.callId) && !slots.isGranted(dial.callId, dial.attempt)) asking += 1;
    return { ...inputs, room: Math.max(0, inputs.room - asking) };
  }

  /**
   * Every grant is released before its slot's DialEnded is appended. A crash between the two is
   * safe: the call is over, the next owner records the end again and the release is a no-op. A
   * slot denied by the global cap was never granted. On failure the ends are handed back, to be
   * decided again.
   */
  async releaseBeforeEnds(events: readonly DialerEvent[], requeue: (ends: DialEnd[]) => void): Promise<void> {
    if (!this.slots) return;
    const ends = events.filter((e): e is DialEnded => e.type === 'DialEnded');
    const granted = ends.filter((e) => e.data.waitingFor !== 'global_cap').map(({ data }) => ({ callId: data.callId, attempt: data.attempt }));
    try {
      await this.slots.release(granted);
    } catch (error) {
      requeue(ends.map((e) => e.data));
      throw error;
    }
  }

  /**
   * A slot with no attempt recorded gives its global grant back: a paused campaign (or one whose
   * window closed) would otherwise hold it from every other campaign until it may dial again, or
   * for ever. The dial that settles the slot later asks for a grant again.
   */
  releaseParked({ callId, attempt }: Pick<Dial, 'callId' | 'attempt'>): void {
    const { slots } = this;
    if (!slots || !this.holder.mayDial() || !slots.isGranted(callId, attempt)) return;
    void slots.release([{ callId, attempt }]).catch((error: Error) => this.#warn('giving back the grant of a postponed dial', error));
  }

  /**
   * A campaign that ended for good has no dial in flight, so any grant of it still open was left by
   * an owner fenced and then gone (a double fault): released, or the slot would be lost to everyone.
   * Nothing of it is dialed again, so no grant of it can come after. Single calls and campaigns that
   * may still start are left to the reconcile at load.
   */
  releaseLeftOver(status: DialerState['status']): void {
    const { slots } = this;
    const { campaignId } = this.holder;
    if (!slots || campaignId === null || !ENDED.has(status)) return;
    void slots
      .catchUp()
      .then(() => slots.release(slots.grantsOf(campaignId)))
      .catch((error: Error) => this.#warn('releasing grants left over', error));
  }

  /** Other campaigns keep the share of one waiting for the global cap free; recorded on a change only. */
  recordDemand(waiting: boolean, weight: number): void {
    if (!this.slots || !this.holder.mayDial()) return;
    void this.slots
      .demand({ campaignId: this.holder.campaignId, waiting, weight })
      .catch((error: Error) => this.#warn('recording its global demand', error));
  }

  #warn(what: string, error: Error): void {
    this.logger.warn(`dialer ${this.holder.id}: ${what} failed: ${error.message}`);
  }
}
