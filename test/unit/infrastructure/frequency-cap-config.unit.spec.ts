import { ConfigError, loadConfig, orgFrequencyCap } from '../../../src/infrastructure/config/app-config.js';

describe('FREQUENCY_CAP', () => {
  it('is off unless set', () => {
    expect(orgFrequencyCap(loadConfig({}))).toBeNull();
    expect(orgFrequencyCap(loadConfig({ FREQUENCY_CAP: 'off' }))).toBeNull();
  });

  it('reads attempts per window as the org default cap', () => {
    expect(orgFrequencyCap(loadConfig({ FREQUENCY_CAP: '3/24h' }))).toEqual({ limit: 3, windowMs: 86_400_000, source: 'FREQUENCY_CAP' });
  });

  it('stops the service at start on a malformed value, naming the variable', () => {
    expect(() => loadConfig({ FREQUENCY_CAP: '3 per day' })).toThrow(ConfigError);
    expect(() => loadConfig({ FREQUENCY_CAP: '3 per day' })).toThrow(/FREQUENCY_CAP/);
  });
});
