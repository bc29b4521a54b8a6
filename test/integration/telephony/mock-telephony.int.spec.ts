import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { MockTelephonyProvider, type MockTelephonyOptions } from '../../../src/infrastructure/telephony/mock-telephony.provider.js';
import type { WebhookPayload } from '../../../src/infrastructure/telephony/webhook-payload.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../../src/infrastructure/telephony/webhook-signature.js';

const SECRET = randomUUID();
const MIN_MS = 200;
const MAX_MS = 600;
/** Timer and loopback HTTP latency on a busy 2-core machine. */
const SLACK_MS = 400;

type Received = { payload: WebhookPayload; signatureOk: boolean; at: number };

/** A stand-in for the webhook endpoint: records every delivery; `answer` picks the status per request. */
class Receiver {
  readonly received: Received[] = [];
  answer: (payload: WebhookPayload, nth: number) => number = () => 200;
  #server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const header = request.headers[SIGNATURE_HEADER];
      const check = verifyWebhookSignature(SECRET, typeof header === 'string' ? header : undefined, raw, Date.now());
      const payload = JSON.parse(raw.toString()) as WebhookPayload;
      this.received.push({ payload, signatureOk: check.ok, at: Date.now() });
      const nth = this.received.filter((r) => r.payload.callId === payload.callId && r.payload.status === payload.status).length;
      response.writeHead(this.answer(payload, nth)).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api/v1/telephony/webhooks`;
  }

  forCall(callId: string): Received[] {
    return this.received.filter((r) => r.payload.callId === callId);
  }

  async waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out; received ${JSON.stringify(this.received)}`);
      await sleep(20);
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

describe('MockTelephonyProvider against a real HTTP receiver', () => {
  let receiver: Receiver;
  let url: string;
  let provider: MockTelephonyProvider;
  const make = (overrides: Partial<MockTelephonyOptions> = {}) =>
    new MockTelephonyProvider({ minDurationMs: MIN_MS, maxDurationMs: MAX_MS, failureRate: 0, secret: SECRET, retryDelaysMs: [50, 100], ...overrides });

  beforeEach(async () => {
    receiver = new Receiver();
    url = await receiver.start();
    provider = make();
  });
  afterEach(async () => {
    await provider.close();
    await receiver.stop();
  });

  const dial = async (phoneNumber: string, attempt = 1) => {
    const callId = randomUUID();
    const startedAt = Date.now();
    const { providerCallId } = await provider.dial({ callId, attempt, phoneNumber, callbackUrl: url });
    return { callId, providerCallId, startedAt };
  };

  it('posts signed ringing, answered a quarter into the call, then completed within [min, max] of the dial, with the call length', async () => {
    const { callId, providerCallId, startedAt } = await dial('+14155550100');
    await receiver.waitFor(() => receiver.forCall(callId).some((r) => r.payload.status === 'completed'), MAX_MS + SLACK_MS);
    const deliveries = receiver.forCall(callId);
    expect(deliveries.map((r) => r.payload.status)).toEqual(['ringing', 'answered', 'completed']);
    expect(deliveries.every((r) => r.signatureOk)).toBe(true);
    const [, answered, completed] = deliveries as [Received, Received, Received];
    expect(answered.payload).toEqual({ providerCallId, callId, attempt: 1, status: 'answered', occurredAt: expect.any(String) });
    expect(completed.payload).toEqual({
      providerCallId,
      callId,
      attempt: 1,
      status: 'completed',
      durationMs: expect.any(Number),
      occurredAt: expect.any(String),
    });
    const { durationMs } = completed.payload;
    expect(durationMs).toBeGreaterThanOrEqual(MIN_MS);
    expect(durationMs).toBeLessThanOrEqual(MAX_MS);
    expect(completed.at - startedAt).toBeGreaterThanOrEqual(durationMs! - 5);
    expect(completed.at - startedAt).toBeLessThanOrEqual(durationMs! + SLACK_MS);
    expect(answered.at - startedAt).toBeLessThanOrEqual(durationMs! / 4 + SLACK_MS);
  });

  it('echoes the contact name and variables in every callback', async () => {
    const callId = randomUUID();
    const contact = { name: 'Ada Lovelace', variables: { plan: 'gold', visit: '2026-12-01' } };
    await provider.dial({ callId, attempt: 1, phoneNumber: '+14155550100', callbackUrl: url, contact });
    await receiver.waitFor(() => receiver.forCall(callId).length === 3, MAX_MS + SLACK_MS);
    expect(receiver.forCall(callId).map((r) => r.payload.contact)).toEqual([contact, contact, contact]);
  });

  it('reports busy then answered for a 0160-0179 number across attempts, and busy without ringing', async () => {
    const first = await dial('+12125550165', 1);
    const second = await dial('+12125550165', 2);
    await receiver.waitFor(
      () => receiver.forCall(first.callId).length === 1 && receiver.forCall(second.callId).length === 3,
      MAX_MS + SLACK_MS,
    );
    expect(receiver.forCall(first.callId).map((r) => [r.payload.attempt, r.payload.status])).toEqual([[1, 'busy']]);
    expect(receiver.forCall(second.callId).map((r) => [r.payload.attempt, r.payload.status])).toEqual([
      [2, 'ringing'],
      [2, 'answered'],
      [2, 'completed'],
    ]);
  });

  it('never calls back for a 0180-0189 number, while an ordinary call in the same window does', async () => {
    const lost = await dial('+14155550183');
    const control = await dial('+14155550101');
    await receiver.waitFor(() => receiver.forCall(control.callId).length === 3, MAX_MS + SLACK_MS);
    await sleep(MAX_MS);
    expect(receiver.forCall(lost.callId)).toEqual([]);
    expect(provider.pendingCallbacks).toBe(0);
  });

  it('redelivers after a 5xx, re-signed, until accepted', async () => {
    receiver.answer = (payload, nth) => (payload.status === 'completed' && nth < 3 ? 503 : 200);
    const { callId } = await dial('+14155550102');
    await receiver.waitFor(() => receiver.forCall(callId).filter((r) => r.payload.status === 'completed').length === 3, MAX_MS + SLACK_MS + 500);
    const completed = receiver.forCall(callId).filter((r) => r.payload.status === 'completed');
    expect(completed.every((r) => r.signatureOk)).toBe(true);
    await sleep(300);
    expect(receiver.forCall(callId).filter((r) => r.payload.status === 'completed')).toHaveLength(3);
  });

  it('gives up on a 4xx without redelivering, and tells onUndelivered', async () => {
    await provider.close();
    const undelivered: string[] = [];
    provider = make({ onUndelivered: (payload, result) => undelivered.push(`${payload.status}:${result.result}`) });
    receiver.answer = (payload) => (payload.status === 'completed' ? 400 : 200);
    const { callId } = await dial('+14155550103');
    await receiver.waitFor(() => undelivered.length === 1, MAX_MS + SLACK_MS);
    await sleep(300);
    expect(receiver.forCall(callId).filter((r) => r.payload.status === 'completed')).toHaveLength(1);
    expect(undelivered).toEqual(['completed:refused']);
  });

  it('stops retrying after its last backoff when the receiver is down', async () => {
    await provider.close();
    const undelivered: string[] = [];
    provider = make({ minDurationMs: 0, maxDurationMs: 0, progress: false, onUndelivered: (p, r) => undelivered.push(`${r.result}:${r.tries}`) });
    await receiver.stop();
    await provider.dial({ callId: randomUUID(), attempt: 1, phoneNumber: '+14155550104', callbackUrl: url });
    await sleep(1000);
    expect(undelivered).toEqual(['failed:3']);
    receiver = new Receiver();
    await receiver.start();
  });

  it('sends nothing after close, even for calls dialled just before', async () => {
    const { callId } = await dial('+14155550105');
    await provider.close();
    await sleep(MAX_MS + SLACK_MS);
    expect(receiver.forCall(callId)).toEqual([]);
  });

  it('repeats the outcomes of ordinary numbers for a seed', async () => {
    await provider.close();
    const numbers = Array.from({ length: 12 }, (_, i) => `+4420718387${String(i).padStart(2, '0')}`);
    const run = async (seed: number) => {
      provider = make({ seed, failureRate: 0.5, minDurationMs: 0, maxDurationMs: 50, progress: false });
      const ids = await Promise.all(numbers.map((n) => dial(n)));
      await receiver.waitFor(() => ids.every((d) => receiver.forCall(d.callId).length === 1), 2000);
      await provider.close();
      return ids.map((d) => receiver.forCall(d.callId)[0]!.payload.status);
    };
    const first = await run(99);
    expect(await run(99)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });
});
