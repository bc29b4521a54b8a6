import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { dialerStream, type DialerEvent } from '../../domain/dialer/dialer.events.js';
import { queuedCalls } from '../../domain/dialer/dial-queue.js';
import type { Instant } from '../../domain/shared/event.js';
import { simulateCampaign } from '../../domain/simulation/campaign-simulation.js';
import { campaignEta, type CampaignEta } from '../../domain/simulation/campaign-eta.js';
import { recordedOutcomes, type RecordedAttempt } from '../../domain/simulation/recorded-outcomes.js';
import { firstDialAt, recordedAttemptsOf, recordedRunOf, slotTimesOf, startStateOf } from '../../domain/simulation/recorded-run.js';
import { changedFields, overridesOf, throwIfInvalidSimulation, type SimulationOptions } from '../../domain/simulation/simulation-options.js';
import { simulationRatios, type SimulationReport } from '../../domain/simulation/simulation-report.js';
import { DEFAULT_SIMULATION_SEED } from '../../domain/simulation/seeded-random.js';
import type { EventStore } from '../ports/event-store.port.js';
import { readCampaignLog, readTimed } from './campaign-log.js';

export type SimulationSettings = Readonly<{
  /** The dialer's RECIPIENT_HOURS_MARGIN_MS: the simulation stops before a recipient's window closes as it does. */
  recipientMarginMs: number;
  /** A campaign never started runs from here. */
  now: Instant;
  /** Above this many calls the log is read in one pass rather than stream by stream (tests lower it). */
  scanAbove?: number;
}>;

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
  const log = await readCampaignLog(store, campaignId, (events) => {
    if (!events.some((e) => e.type === 'CampaignCreated')) return [];
    const state = startStateOf(campaignId, events);
    // Refused before the calls are read: a bad override costs one stream read.
    throwIfInvalidSimulation(options, state.config!.retryPolicy);
    return queuedCalls(state.queue).map((call) => call.callId);
  }, settings.scanAbove);
  if (log === null || !log.campaign.some((e) => e.type === 'CampaignCreated')) return null;
  const { campaign, dialer, calls } = log;
  const state = startStateOf(campaignId, campaign);
  const slots = slotTimesOf(dialer);
  const byCall = new Map<string, Array<RecordedAttempt | undefined>>([...calls].map(([id, events]) => [id, recordedAttemptsOf(id, events, slots)]));
  const recorded = recordedRunOf(campaign, [...calls.values()]);
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
