import type { Coordination } from '../ports/coordination.port.js';

/**
 * Leases held in this process's memory: for a single instance without Redis, and for tests that run
 * several dialers in one process. Expiry uses the injected clock so a test can let a lease lapse.
 */
export class InProcessCoordination implements Coordination {
  readonly #leases = new Map<string, { owner: string; expiresAt: number }>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const lease = this.#leases.get(key);
    if (lease && lease.owner !== owner && lease.expiresAt > this.nowMs()) return false;
    this.#leases.set(key, { owner, expiresAt: this.nowMs() + ttlMs });
    return true;
  }

  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const lease = this.#leases.get(key);
    if (!lease || lease.owner !== owner || lease.expiresAt <= this.nowMs()) return false;
    lease.expiresAt = this.nowMs() + ttlMs;
    return true;
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.#leases.get(key)?.owner === owner) this.#leases.delete(key);
  }

  async close(): Promise<void> {
    this.#leases.clear();
  }
}
