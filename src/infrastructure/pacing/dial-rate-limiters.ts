import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { PAUSE_KEY, slotPlan, SlottedDialRateLimiter } from './dial-rate-limiter.js';

// The pause value is what rate-limiter-flexible's `block` writes (points + 1), so its `get` reads it as blocked.
const NEXT_TICKET = `local ticket = redis.call('incr', KEYS[1])
if ticket == 1 then redis.call('set', KEYS[2], 2, 'PX', ARGV[1]) end
return ticket`;

type TicketCommand = { nextDialTicket(ticketKey: string, pauseKey: string, pauseMs: number): Promise<number> };

/** In-process: one instance, nothing to share. `perSecond` null: no rate, only slowDown's pauses. */
export const memoryDialRateLimiter = (perSecond: number | null): SlottedDialRateLimiter => {
  const plan = perSecond === null ? null : slotPlan(perSecond);
  let ticket = 0;
  return new SlottedDialRateLimiter({
    plan,
    slots: plan && new RateLimiterMemory({ points: 1, duration: plan.windowSeconds, keyPrefix: 'dial-rate' }),
    pause: new RateLimiterMemory({ points: 1, duration: 1, keyPrefix: 'dial-pause' }),
    nextTicket: async () => ticket++,
  });
};

/** Shared by every instance on `redis`; `keyPrefix` separates deployments (and test runs). */
export const redisDialRateLimiter = (redis: Redis, perSecond: number | null, keyPrefix: string): SlottedDialRateLimiter => {
  if (!('nextDialTicket' in redis)) redis.defineCommand('nextDialTicket', { numberOfKeys: 2, lua: NEXT_TICKET });
  const plan = perSecond === null ? null : slotPlan(perSecond);
  // The plan is in the keys: instances configured alike share slots, a changed rate starts afresh.
  const scope = plan === null ? `${keyPrefix}dial-rate` : `${keyPrefix}dial-rate:${plan.count}per${plan.windowSeconds}s`;
  return new SlottedDialRateLimiter({
    plan,
    slots: plan && new RateLimiterRedis({ storeClient: redis, points: 1, duration: plan.windowSeconds, keyPrefix: scope }),
    pause: new RateLimiterRedis({ storeClient: redis, points: 1, duration: 1, keyPrefix: `${keyPrefix}dial-pause` }),
    nextTicket: () => (redis as Redis & TicketCommand).nextDialTicket(`${scope}:ticket`, `${keyPrefix}dial-pause:${PAUSE_KEY}`, plan!.windowSeconds * 1000),
  });
};
