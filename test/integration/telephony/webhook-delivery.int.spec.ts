import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverWebhook } from '../../../src/infrastructure/telephony/webhook-delivery.js';

/** A receiver that answers each callback after `holdMs`, as a busy service does. */
const slowReceiver = async (holdMs: number) => {
  const server = http.createServer((request, response) => {
    request.resume();
    setTimeout(() => response.end('ok'), holdMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, close: () => new Promise((r) => server.close(r)) };
};

describe('mock provider callback delivery', () => {
  it('starts a callback\'s timeout when it gets a connection: a burst queued behind the pool is delivered, not timed out', async () => {
    const receiver = await slowReceiver(100);
    try {
      // 8 waves of the pool's 64 connections at 100 ms each: the last waits ~700 ms for its socket,
      // beyond the 600 ms a request may take once sent.
      const deliveries = Array.from({ length: 64 * 8 }, (_, i) =>
        deliverWebhook(
          receiver.url,
          { providerCallId: `p-${i}`, callId: `c-${i}`, attempt: 1, status: 'completed', occurredAt: new Date(0).toISOString() },
          { secret: 'secret', retryDelaysMs: [], requestTimeoutMs: 600, signal: new AbortController().signal, nowMs: () => Date.now() },
        ),
      );
      const results = await Promise.all(deliveries);
      expect(results.filter((r) => r.result !== 'delivered')).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('still times out a request the receiver never answers', async () => {
    const receiver = await slowReceiver(60_000);
    try {
      const result = await deliverWebhook(
        receiver.url,
        { providerCallId: 'p', callId: 'c', attempt: 1, status: 'completed', occurredAt: new Date(0).toISOString() },
        { secret: 'secret', retryDelaysMs: [], requestTimeoutMs: 200, signal: new AbortController().signal, nowMs: () => Date.now() },
      );
      expect(result).toEqual({ result: 'failed', error: 'no answer within 200 ms', tries: 1 });
    } finally {
      await receiver.close();
    }
  });
});
