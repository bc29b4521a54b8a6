import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const API_KEY_HEADER = 'x-api-key';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
const fingerprint = (keyDigest: Buffer): string => keyDigest.toString('hex').slice(0, 12);
const tokenMac = (keyDigest: Buffer, payload: string): Buffer => createHmac('sha256', keyDigest).update(`live-token:${payload}`).digest();

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
    return this.digests.some((key) => timingSafeEqual(key, candidate)) ? `api-key:${fingerprint(candidate)}` : null;
  }

  /**
   * A short-lived stand-in for a valid key, for clients that cannot send headers (a browser's
   * EventSource): `<expires>.<fingerprint>.<mac>`, signed with the key's digest, so every instance
   * with the same API_KEYS accepts it and removing the key revokes it. Null when the key is not valid.
   */
  issueToken(presented: string | undefined, expiresAtSeconds: number): string | null {
    if (presented === undefined || this.actorFor(presented) === null) return null;
    const key = digest(presented);
    const payload = `${expiresAtSeconds}.${fingerprint(key)}`;
    return `${payload}.${tokenMac(key, payload).toString('base64url')}`;
  }

  /** The actor a token issued by `issueToken` stands for, while it has not expired. */
  actorForToken(token: unknown, nowSeconds: number): string | null {
    if (typeof token !== 'string') return null;
    const match = /^(\d{1,12})\.([0-9a-f]{12})\.([\w-]{43})$/.exec(token);
    if (!match || Number(match[1]) < nowSeconds) return null;
    const payload = `${match[1]}.${match[2]}`;
    const mac = Buffer.from(match[3]!, 'base64url');
    const key = this.digests.find((d) => fingerprint(d) === match[2]);
    return key && timingSafeEqual(tokenMac(key, payload), mac) ? `api-key:${match[2]}` : null;
  }
}
