import { comparePositions, type EventStore, type RecordedEvent } from '../../src/application/ports/event-store.port.js';

export type GlobalReplay = Readonly<{
  /** Most calls ringing at once across every call stream (`CallAttempted` … its outcome, as the verify check counts). */
  maxRinging: number;
  /** Most open grants on the ledger (granted − released). */
  maxGranted: number;
  /** Positions where either count passed the cap, and attempts recorded without an open grant. */
  violations: string[];
  /** `CallAttempted` per campaign (null: single calls), in log order: the campaign of each attempt. */
  attempts: Array<string | null>;
  /** Ledger events in order, by campaign: `grant`, `release`, `wait`, `stop`, with the campaign's grants open after it. */
  ledger: Array<{ type: 'grant' | 'release' | 'wait' | 'stop'; campaignId: string | null; open: number }>;
  /** Grants still open at the end, as `callId#attempt`. */
  open: string[];
}>;

type Data = { attempt?: number; campaignId?: string | null; callId?: string; slots?: Array<{ callId: string; attempt: number }>; waiting?: boolean };

/**
 * Invariant 11 from the log alone: replays every call stream and the global ledger in log order.
 * Independent of the service's own code, so a test of it on a forged log shows it can fail.
 */
export const replayGlobal = (events: readonly RecordedEvent[], cap: number): GlobalReplay => {
  const ringing = new Map<string, number>();
  const campaignOfCall = new Map<string, string | null>();
  const grants = new Map<string, string | null>();
  const openBy = new Map<string | null, number>();
  const violations: string[] = [];
  const attempts: Array<string | null> = [];
  const ledger: GlobalReplay['ledger'] = [];
  let maxRinging = 0;
  let maxGranted = 0;
  const at = (e: RecordedEvent) => `${e.type} ${e.stream}@${e.streamVersion}`;
  const bump = (campaignId: string | null, by: number) => openBy.set(campaignId, (openBy.get(campaignId) ?? 0) + by);
  for (const event of events) {
    const data = event.data as Data;
    if (event.stream.startsWith('call-')) {
      const callId = event.stream.slice('call-'.length);
      if (event.type === 'CallScheduled') campaignOfCall.set(callId, data.campaignId ?? null);
      if (event.type === 'CallAttempted') {
        ringing.set(callId, data.attempt!);
        attempts.push(campaignOfCall.get(callId) ?? null);
        if (!grants.has(`${callId}#${data.attempt}`)) violations.push(`${at(event)}: no open grant`);
        maxRinging = Math.max(maxRinging, ringing.size);
        if (ringing.size > cap) violations.push(`${at(event)}: ${ringing.size} ringing > ${cap}`);
      } else if ((event.type === 'CallCompleted' || event.type === 'CallFailed') && ringing.get(callId) === data.attempt) ringing.delete(callId);
      else if (event.type === 'CallCancelled' || event.type === 'CallSkipped') ringing.delete(callId);
    } else if (event.stream.startsWith('pacing-global')) {
      if (event.type === 'GlobalSlotGranted') {
        const key = `${data.callId}#${data.attempt}`;
        if (grants.has(key)) violations.push(`${at(event)}: ${key} granted twice`);
        grants.set(key, data.campaignId ?? null);
        bump(data.campaignId ?? null, 1);
        ledger.push({ type: 'grant', campaignId: data.campaignId ?? null, open: openBy.get(data.campaignId ?? null)! });
        maxGranted = Math.max(maxGranted, grants.size);
        if (grants.size > cap) violations.push(`${at(event)}: ${grants.size} granted > ${cap}`);
      } else if (event.type === 'GlobalSlotsReleased') {
        for (const slot of data.slots ?? []) {
          const key = `${slot.callId}#${slot.attempt}`;
          if (!grants.has(key)) continue;
          const campaignId = grants.get(key)!;
          grants.delete(key);
          bump(campaignId, -1);
          ledger.push({ type: 'release', campaignId, open: openBy.get(campaignId)! });
        }
      } else if (event.type === 'GlobalDemandChanged') {
        const campaignId = data.campaignId ?? null;
        ledger.push({ type: data.waiting ? 'wait' : 'stop', campaignId, open: openBy.get(campaignId) ?? 0 });
      }
    }
  }
  return { maxRinging, maxGranted, violations, attempts, ledger, open: [...grants.keys()] };
};

/** The whole log in order, once it is still (every transaction older than the head has ended). */
export const readWholeLog = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ ...(events.length ? { fromPosition: events.at(-1)!.position } : {}), limit: 5_000 });
    if (batch.length === 0) return events.sort((a, b) => comparePositions(a.position, b.position));
    events.push(...batch);
  }
};
