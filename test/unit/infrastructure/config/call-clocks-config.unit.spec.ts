import { ConfigError, loadConfig } from '../../../../src/infrastructure/config/app-config.js';

const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('configuration: the ring and conversation clocks (DESIGN §5)', () => {
  it('defaults to a 60 s ring time and a 4 h conversation bound', () => {
    expect(loadConfig({})).toMatchObject({ CALL_TIMEOUT_MS: 60_000, CALL_MAX_DURATION_MS: 14_400_000 });
  });

  it('refuses a conversation bound not longer than the ring time, naming CALL_MAX_DURATION_MS', () => {
    expect(refusal({ CALL_TIMEOUT_MS: '60000', CALL_MAX_DURATION_MS: '60000' })).toMatch(/CALL_MAX_DURATION_MS: must be greater than CALL_TIMEOUT_MS/);
  });

  it('refuses a mock that rings as long as the ring time, naming TELEPHONY_MOCK_MAX_DURATION_MS', () => {
    // The mock answers a quarter into a call: 4,000 ms calls ring up to 1,000 ms.
    expect(refusal({ CALL_TIMEOUT_MS: '1000', TELEPHONY_MOCK_MIN_DURATION_MS: '100', TELEPHONY_MOCK_MAX_DURATION_MS: '4000' }))
      .toMatch(/TELEPHONY_MOCK_MAX_DURATION_MS: the mock rings .* shorter than CALL_TIMEOUT_MS/);
    expect(loadConfig({ CALL_TIMEOUT_MS: '1000', TELEPHONY_MOCK_MIN_DURATION_MS: '100', TELEPHONY_MOCK_MAX_DURATION_MS: '3999' })).toBeDefined();
  });

  it('refuses mock calls longer than the conversation bound, and reports every bad combination at once', () => {
    const message = refusal({ CALL_MAX_DURATION_MS: '5000', TELEPHONY_MOCK_MAX_DURATION_MS: '8000', TELEPHONY_MOCK_MIN_DURATION_MS: '9000' });
    expect(message).toMatch(/TELEPHONY_MOCK_MAX_DURATION_MS: must not exceed CALL_MAX_DURATION_MS/);
    expect(message).toMatch(/TELEPHONY_MOCK_MIN_DURATION_MS: must not exceed TELEPHONY_MOCK_MAX_DURATION_MS/);
    expect(message).toMatch(/CALL_MAX_DURATION_MS: must be greater than CALL_TIMEOUT_MS/);
  });
});
