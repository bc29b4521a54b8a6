import { randomUUID } from 'node:crypto';
import {
  DialRejectedError,
  ProviderRateLimitedError,
  TelephonyUnavailableError,
  type DialRequest,
} from '../../../src/application/ports/telephony.port.js';
import { TwilioTelephonyProvider, type TwilioSettings } from '../../../src/infrastructure/telephony/twilio/twilio-telephony.provider.js';
import { DEFAULT_TWIML } from '../../../src/infrastructure/telephony/twilio/twilio-twiml.js';
import { FakeTwilio, TWILIO_ERRORS } from '../../support/fake-twilio.js';

const PUBLIC = 'https://dialer.example.com';

describe('TwilioTelephonyProvider through the official library against a fake Twilio', () => {
  let fake: FakeTwilio;
  const provider = (overrides: Partial<TwilioSettings> = {}) =>
    new TwilioTelephonyProvider({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      fromNumber: '+14155550001',
      publicBaseUrl: `${PUBLIC}/`,
      twiml: DEFAULT_TWIML,
      ringTimeoutMs: 25_500,
      apiBaseUrl: fake.url,
      requestTimeoutMs: 2000,
      ...overrides,
    });
  const request = (phoneNumber: string, extra: Partial<DialRequest> = {}): DialRequest => ({
    callId: randomUUID(),
    attempt: 2,
    phoneNumber,
    callbackUrl: 'http://unused',
    ...extra,
  });

  beforeEach(async () => {
    fake = await new FakeTwilio().start();
    fake.stepMs = 60_000; // no callbacks: this suite looks at the requests
  });
  afterEach(() => fake.close());

  it('creates the call as Twilio documents it and keeps the CallSid', async () => {
    const dial = request('+14155550100');
    const { providerCallId } = await provider().dial(dial);
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(providerCallId).toBe(call!.sid);
    expect(call!.params).toEqual({
      To: '+14155550100',
      From: '+14155550001',
      Twiml: DEFAULT_TWIML,
      Timeout: '25',
      StatusCallback: `${PUBLIC}/api/v1/telephony/twilio/status?callId=${dial.callId}&attempt=2`,
      StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      StatusCallbackMethod: 'POST',
    });
  });

  it('puts the contact into the TwiML as escaped <Parameter>s, or sends the TwiML URL instead', async () => {
    const twiml = '<Response><Connect><Stream url="wss://bot.example.com/s">{{parameters}}</Stream></Connect></Response>';
    await provider({ twiml, machineDetection: 'Enable' }).dial(
      request('+14155550101', { contact: { name: 'Ada & "Bob"', variables: { plan: '<gold>' } } }),
    );
    expect(fake.calls[0]!.params.Twiml).toBe(
      '<Response><Connect><Stream url="wss://bot.example.com/s"><Parameter name="contactName" value="Ada &amp; &quot;Bob&quot;"/><Parameter name="plan" value="&lt;gold&gt;"/></Stream></Connect></Response>',
    );
    expect(fake.calls[0]!.params.MachineDetection).toBe('Enable');
    await provider({ twimlUrl: 'https://app.example.com/twiml' }).dial(request('+14155550102'));
    expect(fake.calls[1]!.params).toMatchObject({ Url: 'https://app.example.com/twiml' });
    expect(fake.calls[1]!.params.Twiml).toBeUndefined();
  });

  it('maps an invalid number (400 / 21211) to a rejection', async () => {
    const error: unknown = await provider().dial(request('+14155550190')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialRejectedError);
    expect((error as Error).message).toContain('21211');
  });

  it('maps 429 / 20429 to push-back, not an outcome', async () => {
    fake.nextErrors.push(TWILIO_ERRORS.rateLimited);
    await expect(provider().dial(request('+14155550100'))).rejects.toBeInstanceOf(ProviderRateLimitedError);
    expect(fake.calls).toHaveLength(0);
  });

  it('maps bad credentials, 5xx and an unreachable host to unavailable, never showing the token', async () => {
    const wrongToken = provider({ authToken: 'not-the-token' });
    const unauthorized: unknown = await wrongToken.dial(request('+14155550100')).catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(TelephonyUnavailableError);
    expect((unauthorized as Error).message).toContain('401');
    expect((unauthorized as Error).message).not.toContain('not-the-token');
    fake.nextErrors.push(TWILIO_ERRORS.serverError);
    await expect(provider().dial(request('+14155550100'))).rejects.toBeInstanceOf(TelephonyUnavailableError);
    const unreachable: unknown = await provider({ apiBaseUrl: 'http://127.0.0.1:1' }).dial(request('+14155550100')).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(TelephonyUnavailableError);
    expect((unreachable as Error).message).not.toContain(fake.authToken);
  });
});
