import { DialRejectedError, ProviderRateLimitedError, TelephonyUnavailableError } from '../../../../src/application/ports/telephony.port.js';
import { translateTwilioError } from '../../../../src/infrastructure/telephony/twilio/twilio-errors.js';
import { meaningOf } from '../../../../src/infrastructure/telephony/twilio/twilio-status.js';

describe('Twilio CallStatus onto our outcomes', () => {
  it.each([
    ['queued', undefined, { kind: 'progress' }],
    ['initiated', undefined, { kind: 'progress' }],
    ['ringing', undefined, { kind: 'progress' }],
    ['in-progress', undefined, { kind: 'answered' }],
    ['in-progress', 'human', { kind: 'answered' }],
    ['in-progress', 'machine_start', { kind: 'progress' }],
    ['completed', undefined, { kind: 'outcome', outcome: 'answered', durationMs: 42_000 }],
    ['completed', 'machine_end_beep', { kind: 'outcome', outcome: 'no_answer', durationMs: 42_000 }],
    ['completed', 'fax', { kind: 'outcome', outcome: 'no_answer', durationMs: 42_000 }],
    ['busy', undefined, { kind: 'outcome', outcome: 'busy', durationMs: 42_000 }],
    ['no-answer', undefined, { kind: 'outcome', outcome: 'no_answer', durationMs: 42_000 }],
    ['failed', undefined, { kind: 'outcome', outcome: 'error', durationMs: 42_000 }],
    ['canceled', undefined, { kind: 'outcome', outcome: 'error', durationMs: 42_000 }],
  ])('%s (AnsweredBy %s)', (status, answeredBy, meaning) => {
    expect(meaningOf(status, answeredBy, '42')).toEqual(meaning);
  });

  it('knows no other status, and reads a missing or odd duration as unknown', () => {
    expect(meaningOf('teleported', undefined, undefined)).toBeNull();
    expect(meaningOf('completed', undefined, undefined)).toEqual({ kind: 'outcome', outcome: 'answered', durationMs: null });
    expect(meaningOf('completed', undefined, '1.5')).toEqual({ kind: 'outcome', outcome: 'answered', durationMs: null });
  });
});

describe('Twilio errors onto the port', () => {
  it.each([
    [{ status: 429, code: 20429, message: 'Too Many Requests' }, ProviderRateLimitedError],
    [{ status: 429, message: 'Too Many Requests' }, ProviderRateLimitedError],
    [{ status: 400, code: 21211, message: 'invalid To' }, DialRejectedError],
    [{ status: 400, code: 21610, message: 'unsubscribed' }, DialRejectedError],
    [{ status: 400, code: 21212, message: 'invalid From' }, TelephonyUnavailableError],
    [{ status: 401, code: 20003, message: 'Authenticate' }, TelephonyUnavailableError],
    [{ status: 503, message: 'down' }, TelephonyUnavailableError],
    [new Error('connect ECONNREFUSED 127.0.0.1:1'), TelephonyUnavailableError],
  ])('%j', (error, expected) => {
    expect(translateTwilioError(error)).toBeInstanceOf(expected);
  });
});
