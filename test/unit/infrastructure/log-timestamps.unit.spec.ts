import { jest } from '@jest/globals';
import { IsoConsoleLogger } from '../../../src/infrastructure/logging/iso-console-logger.js';
import { MaskingConsoleLogger } from '../../../src/infrastructure/logging/masking-console-logger.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** What one `log` call writes to stdout. */
const written = (log: () => void): string => {
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    log();
    return write.mock.calls.map(([chunk]) => String(chunk)).join('');
  } finally {
    write.mockRestore();
  }
};

describe('log timestamps', () => {
  it.each([
    ['masking (every level but debug and trace)', MaskingConsoleLogger],
    ['unmasked (debug and trace)', IsoConsoleLogger],
  ])('are ISO-8601 UTC in JSON records, %s', (_, Logger) => {
    const record = JSON.parse(written(() => new Logger({ json: true }).log('dialing +14155550123', 'Dialer'))) as Record<string, unknown>;
    expect(record.timestamp).toMatch(ISO);
    expect(record.context).toBe('Dialer');
  });

  it('leave the masking of phone numbers in place', () => {
    const record = JSON.parse(written(() => new MaskingConsoleLogger({ json: true }).log('dialing +14155550123'))) as Record<string, unknown>;
    expect(record.message).toBe('dialing +…23');
  });

  it('are ISO-8601 UTC in text lines too', () => {
    const line = written(() => new IsoConsoleLogger({ colors: false }).log('ready'));
    expect(line.split(' ').some((word) => ISO.test(word))).toBe(true);
  });
});

describe('the masking logger', () => {
  it('logs an error given alone (no stack argument, as the HTTP error filter logs every 5xx) without throwing', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const json of [true, false]) {
        expect(() => new MaskingConsoleLogger({ json, colors: false }).error(new Error('relation "campaign_stats" does not exist'))).not.toThrow();
      }
      const written = write.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(written).toContain('campaign_stats');
    } finally {
      write.mockRestore();
    }
  });
});
