import { Redis } from 'ioredis';
import type { Coordination } from '../../application/ports/coordination.port.js';

// Compare-and-extend / compare-and-delete: only the holder may renew or release, atomically.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

type LeaseCommands = {
  renewLease(key: string, owner: string, ttlMs: number): Promise<number>;
  releaseLease(key: string, owner: string): Promise<number>;
};

export type RedisCoordinationOptions = Readonly<{ url: string; keyPrefix?: string }>;

/**
 * Leases in Redis (`SET key owner NX PX ttl`), renewed with a Lua compare-and-extend. Redis only
 * splits the work: if a lease is lost (expiry, failover), the dialer stream's expected version still
 * fences the old holder.
 */
export class RedisCoordination implements Coordination {
  readonly #redis: Redis & LeaseCommands;

  constructor(options: RedisCoordinationOptions) {
    const redis = new Redis(options.url, { keyPrefix: options.keyPrefix ?? 'dialstream:', lazyConnect: false, maxRetriesPerRequest: 2 });
    redis.defineCommand('renewLease', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('releaseLease', { numberOfKeys: 1, lua: RELEASE });
    this.#redis = redis as Redis & LeaseCommands;
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    if ((await this.#redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
    return this.renew(key, owner, ttlMs);
  }

  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.#redis.renewLease(key, owner, ttlMs)) === 1;
  }

  async release(key: string, owner: string): Promise<void> {
    await this.#redis.releaseLease(key, owner);
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
