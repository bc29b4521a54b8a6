import type { CallEvent } from '../../domain/call/call.events.js';
import { callStream } from '../../domain/call/call.events.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { dialerStream, type DialerEvent } from '../../domain/dialer/dialer.events.js';
import { itemsOf } from '../../domain/shared/append-only-list.js';
import type { DomainEvent, Instant } from '../../domain/shared/event.js';
import { simulateCampaign } from '../../domain/simulation/campaign-simulation.js';
import { campaignEta, type CampaignEta } from '../../domain/simulation/campaign-eta.js';
import { recordedOutcomes, type RecordedAttempt } from '../../domain/simulation/recorded-outcomes.js';
import { firstDialAt, recordedAttemptsOf, recordedRunOf, slotTimesOf, startStateOf, type Timed } from '../../domain/simulation/recorded-run.js';
import { changedFields, overridesOf, throwIfInvalidSimulation, type SimulationOptions } from '../../domain/simulation/simulation-options.js';
import { simulationRatios, type SimulationReport } from '../../domain/simulation/simulation-report.js';
import { DEFAULT_SIMULATION_SEED } from '../../domain/simulation/seeded-random.js';
import { readStream, type DecodedEvent } from '../events/event-reader.js';
import type { EventStore } from '../ports/event-store.port.js';

/** Call streams read at once: enough to keep the store busy, few enough to leave it to others. */
const READ_CONCURRENCY = 16;

export type SimulationSettings = Readonly<{
  /** The dialer's RECIPIENT_HOURS_MARGIN_MS: the simulation stops before a recipient's window closes as it does. */
  recipientMarginMs: number;
  /** A campaign never started runs from here. */
  now: Instant;
}>;

/** Business time: the `recordedAt` of the command that wrote the event (the store's own clock when absent). */
export const timed = <E extends DomainEvent>(event: DecodedEvent<E>): Timed<E> =>
  ({
    type: event.type,
    data: event.data,
    recordedAt: typeof event.metadata.recordedAt === 'string' ? event.metadata.recordedAt : event.recordedAt.toISOString(),
  }) as Timed<E>;

export const readTimed = async <E extends DomainEvent>(store: EventStore, stream: string): Promise<Array<Timed<E>>> =>
  (await readStream(store, stream)).map((event) => timed(event as unknown as DecodedEvent<E>));

const inBatches = async <T, R>(items: readonly T[], size: number, read: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(read))));
  return results;
};

/**
 * A what-if replay of a campaign (DESIGN §9) from the event log alone, never the read models: its
 * stream gives the config, the numbers and the start; each call's stream its attempts. Null when
 * the log holds no such campaign.
 */
export async function simulateCampaignFromLog(
  store: EventStore,
  campaignId: string,
  options: SimulationOptions,
  settings: SimulationSettings,
): Promise<SimulationReport | null> {
  const campaign = await readTimed<CampaignEvent>(store, campaignStream(campaignId));
  if (!campaign.some((e) => e.type === 'CampaignCreated')) return null;
  const state = startStateOf(campaignId, campaign);
  throwIfInvalidSimulation(options, state.config!.retryPolicy);
  const callIds = itemsOf(state.queue).map((call) => call.callId);
  const calls = await inBatches(callIds, READ_CONCURRENCY, (id) => readTimed<CallEvent>(store, callStream(id)));
  const dialer = await readTimed<DialerEvent>(store, dialerStream(campaignId));
  const slots = slotTimesOf(dialer);
  const byCall = new Map<string, Array<RecordedAttempt | undefined>>(callIds.map((id, i) => [id, recordedAttemptsOf(id, calls[i]!, slots)]));
  const recorded = recordedRunOf(campaign, calls);
  const simulated = simulateCampaign({
    state,
    at: recorded.startedAt ?? settings.now,
    firstDecisionAt: firstDialAt(dialer),
    recorded: recordedOutcomes(byCall),
    overrides: overridesOf(options),
    seed: options.seed ?? DEFAULT_SIMULATION_SEED,
    selection: { marginMs: settings.recipientMarginMs },
  });
  return { campaignId, overrides: changedFields(options), recorded, simulated, ratio: simulationRatios(recorded, simulated) };
}

/** The console's ETA of a campaign from its own two streams; null when the log holds no such campaign. */
export async function campaignEtaFromLog(store: EventStore, campaignId: string, settings: SimulationSettings): Promise<CampaignEta | null> {
  const campaign = await readTimed<CampaignEvent>(store, campaignStream(campaignId));
  if (!campaign.some((e) => e.type === 'CampaignCreated')) return null;
  const dialer = await readTimed<DialerEvent>(store, dialerStream(campaignId));
  return campaignEta(campaignId, campaign, dialer, settings.now, settings.recipientMarginMs);
}
