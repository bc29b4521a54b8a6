import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { DialRateLimiter } from '../../../src/application/ports/pacing.port.js';
import { memoryDialRateLimiter, redisDialRateLimiter } from '../../../src/infrastructure/pacing/dial-rate-limiters.js';
import { TEST_REDIS_URL } from '../../support/dialer-harness.js';

/** When a grant was asked for and when it came back: the store decided somewhere in between. */
type Grant = { sentAt: number; grantedAt: number };

/** Asks without pause (a worker with a backlog) until `untilMs`, as fast as refusals allow. */
const hammer = async (limiter: DialRateLimiter, untilMs: number, grants: Grant[]): Promise<void> => {
  while (Date.now() < untilMs) {
    const sentAt = Date.now();
    const decision = await limiter.tryAcquire();
    if (decision.ok) grants.push({ sentAt, grantedAt: Date.now() });
    else await sleep(Math.min(decision.retryInMs, 20));
  }
};

/**
 * The shortest span that must have held limit + 1 grants: from the earliest ask to the latest
 * answer among them. A store that let limit + 1 dials into one rolling second makes it < 1000 ms.
 */
/** Date.now() and the store's expiry each round to the millisecond: a span may read 1–2 ms short. */
const MS_ROUNDING = 2;

const tightestSpanOverLimit = (grants: Grant[], limit: number): number => {
  const bySent = [...grants].sort((a, b) => a.sentAt - b.sentAt);
  let tightest = Infinity;
  for (let i = 0; i + limit < bySent.length; i += 1) {
    const answers = bySent.slice(i).map((g) => g.grantedAt).sort((a, b) => a - b);
    tightest = Math.min(tightest, answers[limit]! - bySent[i]!.sentAt);
  }
  return tightest;
};

describe('DialRateLimiter on a real Redis shared by two instances', () => {
  const clients: Redis[] = [];
  const redis = () => {
    const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
    clients.push(client);
    return client;
  };
  let prefix: string;
  beforeEach(() => {
    prefix = `dialstream-test-${randomUUID()}:`;
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
  });

  it('lets no rolling second hold more than the limit, and reaches it (two instances, 5/s, 3 s)', async () => {
    const first = redisDialRateLimiter(redis(), 5, prefix);
    const second = redisDialRateLimiter(redis(), 5, prefix);
    await first.tryAcquire(); // a fresh counter pauses one window: start measuring after it
    await sleep(1000);
    // One lone dial, then a backlog late in its second: a fixed one-second window would grant the
    // backlog's first four there and five more as the next window opens, nine in 100 ms.
    const grants: Grant[] = [];
    const sentAt = Date.now();
    expect(await first.tryAcquire()).toEqual({ ok: true });
    grants.push({ sentAt, grantedAt: Date.now() });
    await sleep(900);
    const until = Date.now() + 3000;
    await Promise.all([hammer(first, until, grants), hammer(second, until, grants), hammer(second, until, grants)]);
    expect(tightestSpanOverLimit(grants, 5)).toBeGreaterThanOrEqual(1000 - MS_ROUNDING);
    expect(grants.length).toBeGreaterThanOrEqual(13); // 1 + 15 at best over 3.9 s; refusal polling costs a little
    expect(grants.length).toBeLessThanOrEqual(20);
  });

  it('pauses every instance after one of them is pushed back', async () => {
    const first = redisDialRateLimiter(redis(), null, prefix);
    const second = redisDialRateLimiter(redis(), null, prefix);
    expect(await second.tryAcquire()).toEqual({ ok: true });
    await first.slowDown(2000);
    const refused = await second.tryAcquire();
    expect(refused).toEqual({ ok: false, retryInMs: expect.any(Number) });
    expect(refused.ok === false && refused.retryInMs).toBeGreaterThan(1500);
    expect(refused.ok === false && refused.retryInMs).toBeLessThanOrEqual(2000);
  });

  it('pauses one window when Redis has lost its keys (a restart), instead of forgetting the last second', async () => {
    const client = redis();
    const limiter = redisDialRateLimiter(client, 3, prefix);
    await limiter.tryAcquire();
    await sleep(1000);
    for (let i = 0; i < 3; i += 1) expect(await limiter.tryAcquire()).toEqual({ ok: true });
    const keys = await client.keys(`${prefix}*`);
    await client.del(...keys);
    const after = await limiter.tryAcquire();
    expect(after.ok).toBe(false);
    expect(after.ok === false && after.retryInMs).toBeGreaterThan(900);
  });

  it('refuses, rather than allows, while Redis does not answer', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    clients.push(dead);
    const limiter = redisDialRateLimiter(dead, 5, prefix);
    expect(await limiter.tryAcquire()).toEqual({ ok: false, retryInMs: expect.any(Number) });
  });
});

describe('DialRateLimiter in process', () => {
  it('holds the same rolling-second bound, and rounds a fractional rate down (2.5/s → 2/s)', async () => {
    const limiter = memoryDialRateLimiter(2.5);
    const grants: Grant[] = [];
    await hammer(limiter, Date.now() + 2500, grants);
    expect(tightestSpanOverLimit(grants, 2)).toBeGreaterThanOrEqual(1000 - MS_ROUNDING);
    expect(grants.length).toBeGreaterThanOrEqual(5);
    expect(grants.length).toBeLessThanOrEqual(6);
  });

  it('with no rate, grants everything but a pause', async () => {
    const limiter = memoryDialRateLimiter(null);
    for (let i = 0; i < 100; i += 1) expect(await limiter.tryAcquire()).toEqual({ ok: true });
    await limiter.slowDown();
    expect((await limiter.tryAcquire()).ok).toBe(false);
  });
});
