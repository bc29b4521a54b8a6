import { useTestApp } from '../support/app.js';
import { waitFor } from '../support/dialer-harness.js';
import { createCampaign } from './support/campaign-requests.js';
import { callEventTypes } from './support/webhook-requests.js';

/**
 * A number removed while its call rings, through the real dialer and mock provider: 0180 never calls
 * back, so the attempt is surely in flight when the DELETE lands and ends by the ring clock as a
 * `timeout`, which the retry policy would retry at once.
 */
const app = useTestApp({ CALL_TIMEOUT_MS: '10000', TELEPHONY_MOCK_MIN_DURATION_MS: '1000', TELEPHONY_MOCK_MAX_DURATION_MS: '2000' });

const ALWAYS_OPEN = { timezone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }] };
const ANY_HOUR = { recipientHours: { start: '00:00', end: '24:00' }, complianceRules: 'none' };
const SILENT = '+14155550180';

describe('removing a number whose call is in flight', () => {
  it('lets the attempt finish, then cancels the retry it asked for: never dialed again', async () => {
    const { id } = await createCampaign(app, {
      schedule: ALWAYS_OPEN,
      ...ANY_HOUR,
      phoneNumbers: [SILENT, '+14155550100'],
      retryPolicy: { maxRetries: 3, initialDelayMs: 200, backoffMultiplier: 1, maxDelayMs: 200 },
    });
    const callId = ((await app.store.readStream(`campaign-${id}`)).find((e) => e.type === 'CampaignNumbersAdded')!.data.calls as Array<{ callId: string; phoneNumber: string }>).find((c) => c.phoneNumber === SILENT)!.callId;
    expect((await app.api('POST', `/campaigns/${id}/start`)).status).toBe(200);
    await waitFor('the silent call ringing', async () => (await callEventTypes(app, callId)).includes('CallAttempted'));

    expect((await app.api('DELETE', `/campaigns/${id}/numbers/${encodeURIComponent(SILENT)}`)).status).toBe(204);
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted']);

    await waitFor('the call settled', async () => (await app.api('GET', `/calls/${callId}`)).body.status === 'cancelled', 30_000);
    const call = (await app.api('GET', `/calls/${callId}`)).body;
    expect(call).toMatchObject({ status: 'cancelled', lastOutcome: 'timeout', nextAttemptAt: null });
    expect(call.attempts).toHaveLength(1);
    await waitFor('the campaign completed', async () => (await app.api('GET', `/campaigns/${id}`)).body.status === 'completed', 20_000);
    expect((await callEventTypes(app, callId)).filter((t) => t === 'CallAttempted')).toHaveLength(1);
    expect((await app.api('GET', `/campaigns/${id}/stats`)).body).toMatchObject({ total: 2, completed: 1, cancelled: 1, pending: 0, inProgress: 0, attempts: 2 });
  }, 60_000);
});
