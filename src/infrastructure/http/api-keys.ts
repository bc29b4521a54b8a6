import { createHash, timingSafeEqual } from 'node:crypto';

export const API_KEY_HEADER = 'x-api-key';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** API_KEYS, held as digests and compared in constant time. */
export class ApiKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** No keys configured: the API accepts every request. */
  get open(): boolean {
    return this.digests.length === 0;
  }

  /** The actor a valid key stands for: a fingerprint of it, never the key itself. `null`: missing or wrong. */
  actorFor(presented: string | undefined): string | null {
    if (presented === undefined) return null;
    const candidate = digest(presented);
    return this.digests.some((key) => timingSafeEqual(key, candidate)) ? `api-key:${candidate.toString('hex').slice(0, 12)}` : null;
  }
}
