/**
 * Leases that split campaigns between dialer instances (DESIGN §1 Coordination). A lease only
 * decides who should work on a key; it is never the source of truth — the dialer stream's expected
 * version fences a holder that lost its lease without noticing.
 */
export interface Coordination {
  /** True when `owner` now holds `key` for `ttlMs` (also when it already held it). */
  acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease only if `owner` still holds it; false means it was lost. */
  renew(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it; no-op otherwise. */
  release(key: string, owner: string): Promise<void>;
  close(): Promise<void>;
}

export const COORDINATION = Symbol('Coordination');
