import { ConfigError, loadConfig } from '../../../../src/infrastructure/config/app-config.js';
import { verifyOptionsOf } from '../../../../src/infrastructure/config/verify-options.js';

describe('configuration: the global cap MAX_CONCURRENT_CALLS (DESIGN §5)', () => {
  it('is unset by default: no global cap, and verify checks none', () => {
    const config = loadConfig({});
    expect(config.MAX_CONCURRENT_CALLS).toBeUndefined();
    expect(verifyOptionsOf(config).globalCap).toBeNull();
  });

  it('reads a whole number of calls, which verify then holds the log to', () => {
    const config = loadConfig({ MAX_CONCURRENT_CALLS: '30' });
    expect(config.MAX_CONCURRENT_CALLS).toBe(30);
    expect(verifyOptionsOf(config).globalCap).toBe(30);
  });

  it.each(['0', '2.5', 'many'])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ MAX_CONCURRENT_CALLS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ MAX_CONCURRENT_CALLS: value })).toThrow(/MAX_CONCURRENT_CALLS/);
  });
});
