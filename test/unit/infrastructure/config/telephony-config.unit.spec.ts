import { ConfigError, loadConfig } from '../../../../src/infrastructure/config/app-config.js';
import { dialRateLimit } from '../../../../src/infrastructure/config/telephony-config.js';
import { describeStartupFailure } from '../../../../src/infrastructure/cli/startup-failure.js';

const TWILIO = {
  TELEPHONY_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: 'AC0123',
  TWILIO_AUTH_TOKEN: 'secret-token-value',
  TWILIO_FROM_NUMBER: '+14155550000',
  PUBLIC_BASE_URL: 'https://dialer.example.com',
};

const failure = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return describeStartupFailure(error, 'info');
  }
  throw new Error('expected a configuration error');
};

describe('telephony configuration', () => {
  it('defaults to the mock with no limits', () => {
    const config = loadConfig({});
    expect(config.TELEPHONY_PROVIDER).toBe('mock');
    expect(config.TELEPHONY_MOCK_MAX_CPS).toBeUndefined();
    expect(config.TELEPHONY_MOCK_MAX_CONCURRENT).toBeUndefined();
    expect(dialRateLimit(config)).toBeNull();
  });

  it('reads the mock limits and refuses nonsense', () => {
    const config = loadConfig({ TELEPHONY_MOCK_MAX_CPS: '2.5', TELEPHONY_MOCK_MAX_CONCURRENT: '3' });
    expect([config.TELEPHONY_MOCK_MAX_CPS, config.TELEPHONY_MOCK_MAX_CONCURRENT]).toEqual([2.5, 3]);
    expect(() => loadConfig({ TELEPHONY_MOCK_MAX_CONCURRENT: '0' })).toThrow(/TELEPHONY_MOCK_MAX_CONCURRENT/);
    expect(() => loadConfig({ TELEPHONY_MOCK_MAX_CPS: 'fast' })).toThrow(/TELEPHONY_MOCK_MAX_CPS/);
    expect(() => loadConfig({ TELEPHONY_PROVIDER: 'vonage' })).toThrow(/TELEPHONY_PROVIDER/);
  });

  it('names each missing Twilio setting on its own line, never printing the token', () => {
    const { TWILIO_AUTH_TOKEN: token, ...withoutToken } = TWILIO;
    expect(failure(withoutToken)).toEqual(['invalid configuration: TWILIO_AUTH_TOKEN: required when TELEPHONY_PROVIDER=twilio']);
    expect(failure({ TELEPHONY_PROVIDER: 'twilio' })).toHaveLength(4);
    const lines = failure({ ...TWILIO, TWILIO_API_BASE_URL: 'not a url' });
    expect(lines).toEqual(['invalid configuration: TWILIO_API_BASE_URL: must be an http(s) URL']);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('accepts a complete Twilio setup without a webhook secret of ours', () => {
    expect(loadConfig(TWILIO).TWILIO_MAX_CPS).toBe(1);
  });

  it('limits the dial rate by the lower of MAX_CALLS_PER_SECOND and the provider (TWILIO_MAX_CPS only with Twilio)', () => {
    expect(dialRateLimit(loadConfig({ MAX_CALLS_PER_SECOND: '50' }))).toBe(50);
    expect(dialRateLimit(loadConfig({ ...TWILIO }))).toBe(1);
    expect(dialRateLimit(loadConfig({ ...TWILIO, MAX_CALLS_PER_SECOND: '50', TWILIO_MAX_CPS: '30' }))).toBe(30);
    expect(dialRateLimit(loadConfig({ ...TWILIO, MAX_CALLS_PER_SECOND: '0.5', TWILIO_MAX_CPS: '30' }))).toBe(0.5);
    expect(dialRateLimit(loadConfig({ TWILIO_MAX_CPS: '30' }))).toBeNull();
  });
});
