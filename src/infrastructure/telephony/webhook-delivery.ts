import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookPayload } from './webhook-payload.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

export type DeliveryOptions = Readonly<{
  secret: string;
  /** Waits before each redelivery; its length is the number of redeliveries. */
  retryDelaysMs: readonly number[];
  requestTimeoutMs: number;
  /** Aborts the request in flight and any wait: the provider is shutting down. */
  signal: AbortSignal;
  nowMs: () => number;
}>;

/** `refused`: the receiver answered 4xx, which redelivering cannot fix. */
export type DeliveryResult =
  | { result: 'delivered'; status: number; tries: number }
  | { result: 'refused'; status: number; tries: number }
  | { result: 'failed'; error: string; tries: number }
  | { result: 'aborted'; tries: number };

/**
 * A bounded pool of kept-alive connections, as a provider's sender has: a burst of callbacks queues
 * here instead of opening a connection each (at a cap of 1,000 zero-length calls, thousands at once
 * filled the receiver's accept queue until its own clients could not connect).
 */
const MAX_SOCKETS = 64;
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }), 'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }) };

const postOnce = (url: string, body: string, options: DeliveryOptions): Promise<number> => {
  const signature = signWebhook(options.secret, body, Math.floor(options.nowMs() / 1000));
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise<number>((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol === 'https:' ? 'https:' : 'http:'],
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), [SIGNATURE_HEADER]: signature },
        signal: options.signal,
      },
      (response) => {
        response.on('error', reject).on('end', () => resolve(response.statusCode ?? 0));
        response.resume();
      },
    );
    // The clock starts when the pool hands out a socket: a callback queued behind a burst has not timed out.
    request.once('socket', () => {
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.requestTimeoutMs} ms`)), options.requestTimeoutMs);
      request.once('close', () => clearTimeout(timer));
    });
    request.on('error', reject);
    request.end(body);
  });
};

/**
 * At-least-once, as real providers deliver: network errors and 5xx are retried after a backoff, each
 * try signed afresh so a late redelivery is not refused as a replay. The receiver must be idempotent.
 */
export const deliverWebhook = async (
  url: string,
  payload: WebhookPayload,
  options: DeliveryOptions,
): Promise<DeliveryResult> => {
  const body = JSON.stringify(payload);
  let lastError = '';
  for (let tries = 1; ; tries += 1) {
    if (options.signal.aborted) return { result: 'aborted', tries: tries - 1 };
    try {
      const status = await postOnce(url, body, options);
      if (status < 300) return { result: 'delivered', status, tries };
      if (status < 500) return { result: 'refused', status, tries };
      lastError = `HTTP ${status}`;
    } catch (error) {
      if (options.signal.aborted) return { result: 'aborted', tries };
      lastError = (error as Error).message;
    }
    const delay = options.retryDelaysMs[tries - 1];
    if (delay === undefined) return { result: 'failed', error: lastError, tries };
    try {
      await sleep(delay, undefined, { signal: options.signal });
    } catch {
      return { result: 'aborted', tries };
    }
  }
};
