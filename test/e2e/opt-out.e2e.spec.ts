import { setTimeout as sleep } from 'node:timers/promises';
import { useTestApp } from '../support/app.js';

const app = useTestApp({ TELEPHONY_MOCK_MIN_DURATION_MS: '400', TELEPHONY_MOCK_MAX_DURATION_MS: '400' });

/** Polls until `read` answers something, or gives up after `timeoutMs` with the last answer null. */
const eventually = async <T>(read: () => Promise<T | null>, timeoutMs = 15_000): Promise<T | null> => {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
    const value = await read();
    if (value !== null) return value;
  }
  return null;
};

describe('opt-out during a call (DESIGN §4, mock numbers 0200–0219)', () => {
  it('completes the call and lists the number as opted_out, naming the call', async () => {
    const phoneNumber = '+14155550207';
    const { body } = await app.api('POST', '/calls', { body: { phoneNumber } });
    const callId = body.id as string;
    const completed = await eventually(async () => {
      const call = await app.api('GET', `/calls/${callId}`);
      return call.body.status === 'completed' ? call.body : null;
    });
    expect(completed).toMatchObject({ status: 'completed', lastOutcome: 'answered' });
    // The opt-out is appended before the outcome, so it is in the log once the call shows completed.
    const entry = await eventually(async () => {
      const response = await app.api('GET', `/dnc/${encodeURIComponent(phoneNumber)}`);
      return response.status === 200 ? response.body : null;
    }, 5_000);
    expect(entry).toMatchObject({ phoneNumber, source: 'opt_out', callId, expiresAt: null, listedBy: 'telephony-provider' });
  }, 30_000);

  it('lists nothing for an ordinary answered number', async () => {
    const phoneNumber = '+14155550101';
    const { body } = await app.api('POST', '/calls', { body: { phoneNumber } });
    await eventually(async () => ((await app.api('GET', `/calls/${body.id}`)).body.status === 'completed' ? true : null));
    expect((await app.api('GET', `/dnc/${encodeURIComponent(phoneNumber)}`)).status).toBe(404);
  }, 30_000);
});
