import { campaignStream } from '../../src/domain/campaign/campaign.events.js';
import { dialerStream } from '../../src/domain/dialer/dialer.events.js';
import { ALWAYS_OPEN, ANY_HOUR, sleep, waitFor } from '../support/dialer-harness.js';
import { campaignLog, isTerminalHistory, unscriptedOutcomes } from '../support/dialer-log.js';
import { mockNumbers } from '../support/dialer-numbers.js';
import { startCampaign, useApiAndWorkers } from '../support/dialer-processes.js';

const CAP = 5;

const processes = useApiAndWorkers();

describe('a worker killed mid-campaign (kill -9), then started again', () => {
  it('finishes every number, dials no (call, attempt) twice and holds the cap throughout, from the log', async () => {
    const { api, db } = processes;
    // One instance without Redis: in-process leases die with the process, so the restart takes over at once.
    const env = {
      DATABASE_URL: db.url,
      PUBLIC_BASE_URL: api.url,
      TELEPHONY_WEBHOOK_SECRET: api.secret,
      TELEPHONY_MOCK_MIN_DURATION_MS: '100',
      TELEPHONY_MOCK_MAX_DURATION_MS: '300',
      TELEPHONY_MOCK_FAILURE_RATE: '0',
      CALL_TIMEOUT_MS: '1000',
      // The kill loses the final callbacks of calls already answered: their conversation clock ends them.
      CALL_MAX_DURATION_MS: '2000',
    };
    const first = await processes.spawn(env);
    const used = new Set<string>();
    const numbers = [...mockNumbers('answered', 30, used), ...mockNumbers('busyThenAnswered', 10, used)];
    const id = await startCampaign(api, {
      name: 'crash',
      phoneNumbers: numbers,
      schedule: ALWAYS_OPEN,
      ...ANY_HOUR,
      maxConcurrentCalls: CAP,
      retryPolicy: { maxRetries: 2, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 },
    });

    const attempts = async () => (await campaignLog(api.store, id)).events.filter((e) => e.type === 'CallAttempted').length;
    await waitFor('the campaign under way', async () => (await attempts()) >= 12, 20_000, 20);
    await first.kill('SIGKILL');
    // A callback already on the wire still lands, however slow the API is: wait until the log is still.
    let atKill = await campaignLog(api.store, id);
    for (let seen = -1; atKill.events.length !== seen; atKill = await campaignLog(api.store, id)) {
      seen = atKill.events.length;
      await sleep(500);
    }
    await processes.spawn(env);

    await waitFor('the campaign to complete', async () => (await api.store.readStream(campaignStream(id))).some((e) => e.type === 'CampaignCompleted'), 40_000, 100);
    const log = await campaignLog(api.store, id);
    expect(log.duplicateAttempts).toEqual([]);
    expect(log.maxInFlight).toBeLessThanOrEqual(CAP);
    expect(log.calls.size).toBe(numbers.length);
    expect([...log.calls.values()].filter((c) => !isTerminalHistory(c))).toEqual([]);
    expect(unscriptedOutcomes(log)).toEqual([]);
    // The kill cut calls short: those attempts were resolved by their clocks, not forgotten — ringing
    // ones by CALL_TIMEOUT_MS, answered ones by CALL_MAX_DURATION_MS, as answered (never re-dialed).
    const cutShort = [...atKill.calls.values()].filter((c) => !isTerminalHistory(c) && ['CallAttempted', 'CallAnswered'].includes(c.events.at(-1)!.type));
    expect(cutShort.length).toBeGreaterThan(0);
    for (const call of cutShort) {
      const answered = call.events.at(-1)!.type === 'CallAnswered';
      const ended = log.calls.get(call.callId)!.events.find((e) => e.type === 'CallCompleted' || (e.type === 'CallFailed' && e.data.attempt === call.events.at(-1)!.data.attempt));
      if (answered) expect(ended?.data).toMatchObject({ endReason: 'max_duration' });
      else expect(log.outcomes.get(call.callId)).toContain('timeout');
    }
    const owners = (await api.store.readStream(dialerStream(id))).filter((e) => e.type === 'DialerLeaseAcquired');
    expect(owners).toHaveLength(2);
  }, 60_000);
});
