import { createApp } from '../../src/infrastructure/bootstrap.js';
import { ConfigError, loadConfig } from '../../src/infrastructure/config/app-config.js';
import { useTestApp } from '../support/app.js';
import { callEventTypes, deliver, givenCallInFlight, payload } from './support/webhook-requests.js';

const app = useTestApp({ TELEPHONY_WEBHOOK_SECRETS: 'whsec-new,whsec-old' }, { role: 'api' });

describe('TELEPHONY_WEBHOOK_SECRETS (rotation)', () => {
  it.each(['whsec-new', 'whsec-old'])('accepts a callback signed with %s', async (secret) => {
    const callId = await givenCallInFlight(app);
    expect(await deliver(app, payload(callId, 'completed'), { secret })).toEqual({ status: 200, body: { result: 'recorded' } });
  });

  it('refuses any other secret and records nothing', async () => {
    const callId = await givenCallInFlight(app);
    expect((await deliver(app, payload(callId, 'completed'), { secret: 'whsec-retired-long-ago' })).status).toBe(401);
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });
});

describe('a role whose callbacks cross processes', () => {
  it('refuses to start without a configured secret, before touching any store', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' });
    for (const role of ['api', 'worker'] as const) {
      await expect(createApp({ config, role, logger: false })).rejects.toThrow(ConfigError);
    }
  });
});
