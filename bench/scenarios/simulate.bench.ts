import { randomUUID } from 'node:crypto';
import { DEFAULT_RETRY_POLICY } from '../../src/domain/campaign/campaign-config.js';
import type { CampaignEvent } from '../../src/domain/campaign/campaign.events.js';
import { foldDialer } from '../../src/domain/dialer/dialer.evolve.js';
import { initialDialerState, type DialerState } from '../../src/domain/dialer/dialer.state.js';
import { simulateCampaign } from '../../src/domain/simulation/campaign-simulation.js';
import { recordedOutcomes, type RecordedAttempt } from '../../src/domain/simulation/recorded-outcomes.js';
import { seededRandom } from '../../src/domain/simulation/seeded-random.js';
import { numbersInZones } from '../support/phone-numbers.js';
import { param, type Scenario } from '../support/scenario.js';
import { timed } from '../support/timing.js';

const US_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];
const START = '2026-11-23T14:00:00.000Z'; // a Monday, 09:00 in New York

/**
 * A campaign of `size` numbers over four US zones, business hours in New York, recipient hours and
 * the built-in rules, and a recorded history per number: 55 % answered (20–120 s), 25 % busy
 * (5–15 s), 20 % unanswered (30 s), each attempt drawn on its own (seeded).
 */
const fixture = (size: number, cap: number) => {
  const campaignId = randomUUID();
  const random = seededRandom(size);
  const contacts = numbersInZones(size, US_ZONES).map((c) => ({ callId: randomUUID(), ...c }));
  const events: CampaignEvent[] = [
    {
      type: 'CampaignCreated',
      data: {
        campaignId,
        name: 'bench',
        schedule: { timezone: 'America/New_York', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' }], blackoutDates: [] },
        maxConcurrentCalls: cap,
        retryPolicy: DEFAULT_RETRY_POLICY,
        recipientHours: { start: '08:00', end: '21:00' },
        complianceRules: 'builtin',
        subject: campaignId,
        weight: 1,
      },
    },
    { type: 'CampaignNumbersAdded', data: { calls: contacts } },
  ];
  const state: DialerState = { ...foldDialer(initialDialerState(campaignId), events), status: 'in_progress' };
  const attempt = (): RecordedAttempt => {
    const r = random();
    if (r < 0.55) return { outcome: 'answered', durationMs: 20_000 + Math.floor(random() * 100_000) };
    if (r < 0.8) return { outcome: 'busy', durationMs: 5_000 + Math.floor(random() * 10_000) };
    return { outcome: 'no_answer', durationMs: 30_000 };
  };
  const byCall = new Map(contacts.map((c) => [c.callId, [attempt(), attempt(), attempt()]]));
  return { state, recorded: recordedOutcomes(byCall) };
};

/** Wall time and this process's CPU time: on a shared machine the CPU time is the steadier of the two. */
const run = async (size: number, cap: number) => {
  const { state, recorded } = fixture(size, cap);
  const cpu = process.cpuUsage();
  const wall = await timed(() => simulateCampaign({ state, at: START, recorded, seed: 12, selection: { marginMs: 60_000 } }));
  const used = process.cpuUsage(cpu);
  return { ...wall, cpuMs: (used.user + used.system) / 1000 };
};

export const simulateScenario: Scenario = {
  name: 'simulate',
  summary: 'dialstream simulate on a virtual clock through the dialer’s decide: numbers/s for a campaign of `numbers`, beside one a tenth its size',
  params: { numbers: 100_000, cap: 50 },
  async run(params) {
    const size = param(params, 'numbers');
    const cap = param(params, 'cap');
    const small = await run(Math.max(1, Math.round(size / 10)), cap);
    const large = await run(size, cap);
    const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
    const sim = large.result;
    return {
      measurements: [
        { name: `simulate ${size} numbers`, value: rate(size, large.ms), unit: 'numbers/s', baseline: { name: `${small.result.completed + small.result.failed} numbers`, value: rate(Math.round(size / 10), small.ms) } },
        { name: 'simulate wall time', value: large.ms / 1000, unit: 's' },
        { name: 'simulate CPU time', value: large.cpuMs / 1000, unit: 's', baseline: { name: `${Math.round(size / 10)} numbers`, value: small.cpuMs / 1000 } },
        { name: 'decisions per second', value: rate(sim.decisions, large.ms), unit: 'decisions/s' },
      ],
      details: { large: { ...sim, ms: large.ms, cpuMs: large.cpuMs }, small: { ...small.result, ms: small.ms, cpuMs: small.cpuMs } },
    };
  },
};
