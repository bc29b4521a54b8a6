import twilio from 'twilio';
import type { DialRequest, Telephony } from '../../../application/ports/telephony.port.js';
import { RebasedRequestClient } from './twilio-http-client.js';
import { translateTwilioError } from './twilio-errors.js';
import { TWILIO_STATUS_PATH } from './twilio-status.js';
import { twimlFor } from './twilio-twiml.js';


export type TwilioSettings = Readonly<{
  accountSid: string;
  authToken: string;
  fromNumber: string;
  /** Where Twilio calls back: PUBLIC_BASE_URL. */
  publicBaseUrl: string;
  /** TWILIO_TWIML, with `{{parameters}}` for the contact; ignored when `twimlUrl` is set. */
  twiml: string;
  twimlUrl?: string | undefined;
  /** CALL_TIMEOUT_MS: Twilio stops ringing a little before our ring clock runs out. */
  ringTimeoutMs: number;
  machineDetection?: 'Enable' | 'DetectMessageEnd' | undefined;
  apiBaseUrl?: string | undefined;
  requestTimeoutMs: number;
}>;

/** Twilio accepts 5–600 s; whole seconds rounded down so its own timeout ends the ringing first. */
const ringSeconds = (ms: number): number => Math.min(600, Math.max(5, Math.floor(ms / 1000)));

/** The status callback names our call and attempt: Twilio signs the URL, so they cannot be forged. */
export const statusCallbackUrl = (publicBaseUrl: string, callId: string, attempt: number): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}${TWILIO_STATUS_PATH}?${new URLSearchParams({ callId, attempt: String(attempt) })}`;

/**
 * DESIGN §7.4: one Calls.create per dial through the official library; Twilio's CallSid is the
 * provider call id, and every status comes back signed to TWILIO_STATUS_PATH.
 */
export class TwilioTelephonyProvider implements Telephony {
  readonly #client: twilio.Twilio;

  constructor(private readonly settings: TwilioSettings) {
    this.#client = twilio(settings.accountSid, settings.authToken, {
      autoRetry: false,
      ...(settings.apiBaseUrl
        ? { httpClient: new RebasedRequestClient(settings.apiBaseUrl, settings.requestTimeoutMs) }
        : { timeout: settings.requestTimeoutMs }),
    });
  }

  async dial(request: DialRequest): Promise<{ providerCallId: string }> {
    const { settings } = this;
    const conversation = settings.twimlUrl ? { url: settings.twimlUrl } : { twiml: twimlFor(settings.twiml, request.contact) };
    try {
      const call = await this.#client.calls.create({
        to: request.phoneNumber,
        from: settings.fromNumber,
        ...conversation,
        timeout: ringSeconds(settings.ringTimeoutMs),
        statusCallback: statusCallbackUrl(settings.publicBaseUrl, request.callId, request.attempt),
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        statusCallbackMethod: 'POST',
        ...(settings.machineDetection ? { machineDetection: settings.machineDetection } : {}),
      });
      return { providerCallId: call.sid };
    } catch (error) {
      throw translateTwilioError(error);
    }
  }
}
