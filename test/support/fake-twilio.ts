import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';

/** One Calls.create as Twilio received it: every form parameter, repeated ones as arrays. */
export type CreatedCall = Readonly<{ sid: string; params: Record<string, string | string[]>; at: number }>;
/** One status callback the fake posted, with exactly what it signed, and the answer it got. */
export type PostedCallback = Readonly<{ url: string; params: Record<string, string>; signature: string; status: number; body: string }>;
export type ScriptedError = Readonly<{ status: number; code: number; message: string }>;

export const TWILIO_ERRORS = {
  rateLimited: { status: 429, code: 20429, message: 'Too Many Requests' },
  unauthenticated: { status: 401, code: 20003, message: 'Authenticate' },
  serverError: { status: 500, code: 20500, message: 'An internal server error has occurred' },
} as const satisfies Record<string, ScriptedError>;

const CALLS_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-zA-Z]+)\/Calls\.json$/;

/** What the fake does with a number: the deterministic ranges of DESIGN §4, as a real account would answer. */
const behaviourOf = (to: string): 'answered' | 'busy' | 'no-answer' | 'invalid' => {
  const lastFour = Number(to.slice(-4));
  if (lastFour >= 190 && lastFour <= 199) return 'invalid';
  if (lastFour >= 120 && lastFour <= 139) return 'busy';
  if (lastFour >= 140 && lastFour <= 159) return 'no-answer';
  return 'answered';
};

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

const formParams = (body: string): Record<string, string | string[]> => {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
};

const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/**
 * A local stand-in for Twilio's REST API (Calls.create) and its status callbacks: basic auth with
 * the account SID and token, Twilio's error bodies, and callbacks posted as Twilio posts them —
 * form-encoded and signed by the twilio library's own `getExpectedTwilioSignature`, so the receiving
 * side is proved against the real library, not against code of ours.
 */
export class FakeTwilio {
  readonly accountSid = `AC${randomBytes(16).toString('hex')}`;
  readonly authToken = randomBytes(16).toString('hex');
  readonly calls: CreatedCall[] = [];
  readonly callbacks: PostedCallback[] = [];
  /** Answered by the next Calls.create requests, in order, before any number is looked at. */
  readonly nextErrors: ScriptedError[] = [];
  /** Between two status callbacks of one call. */
  stepMs = 15;
  url = '';
  #server: Server | undefined;
  readonly #pending = new Set<Promise<void>>();
  readonly #closing = new AbortController();

  async start(): Promise<this> {
    this.#server = createServer((request, response) => void this.#handle(request, response));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#closing.abort();
    await Promise.allSettled([...this.#pending]);
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  /** Posts a status exactly as Twilio would (signed with `token`, by default the account's). */
  async post(url: string, params: Record<string, string>, token = this.authToken): Promise<PostedCallback> {
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'i-twilio-idempotency-token': randomBytes(8).toString('hex') },
      body: new URLSearchParams(params).toString(),
    });
    const posted = { url, params, signature, status: response.status, body: await response.text() };
    this.callbacks.push(posted);
    return posted;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const match = CALLS_PATH.exec(new URL(request.url ?? '/', this.url).pathname);
    if (request.method !== 'POST' || !match) return sendJson(response, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (match[1] !== this.accountSid || request.headers.authorization !== expected) return this.#error(response, TWILIO_ERRORS.unauthenticated);
    const scripted = this.nextErrors.shift();
    if (scripted) return this.#error(response, scripted);
    const params = formParams(body);
    const to = String(params.To ?? '');
    if (behaviourOf(to) === 'invalid') {
      return this.#error(response, { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` });
    }
    const sid = `CA${randomBytes(16).toString('hex')}`;
    this.calls.push({ sid, params, at: Date.now() });
    sendJson(response, 201, {
      sid,
      account_sid: this.accountSid,
      to,
      from: params.From,
      status: 'queued',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${this.accountSid}/Calls/${sid}.json`,
    });
    const run = this.#progress(sid, params).catch(() => undefined);
    const tracked = run.finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  #error(response: ServerResponse, error: ScriptedError): void {
    sendJson(response, error.status, { ...error, more_info: `https://www.twilio.com/docs/errors/${error.code}` });
  }

  /** Twilio's order: initiated, ringing, then in-progress and completed, or a final busy / no-answer. */
  async #progress(sid: string, params: Record<string, string | string[]>): Promise<void> {
    const url = String(params.StatusCallback);
    const to = String(params.To);
    const behaviour = behaviourOf(to);
    const statuses =
      behaviour === 'busy' ? ['initiated', 'busy'] : behaviour === 'no-answer' ? ['initiated', 'ringing', 'no-answer'] : ['initiated', 'ringing', 'in-progress', 'completed'];
    let sequence = 0;
    for (const status of statuses) {
      await sleep(this.stepMs, undefined, { signal: this.#closing.signal });
      const ended = ['completed', 'busy', 'no-answer'].includes(status);
      await this.post(url, {
        AccountSid: this.accountSid,
        ApiVersion: '2010-04-01',
        CallSid: sid,
        CallStatus: status,
        Called: to,
        Caller: String(params.From),
        Direction: 'outbound-api',
        From: String(params.From),
        To: to,
        CallbackSource: 'call-progress-events',
        SequenceNumber: String(sequence++),
        Timestamp: new Date().toUTCString(),
        ...(ended ? { CallDuration: status === 'completed' ? '3' : '0', Duration: status === 'completed' ? '1' : '0' } : {}),
      });
    }
  }
}
