import { ApiKeys } from '../../../../src/infrastructure/http/api-keys.js';

const NOW = 1_800_000_000;

describe('live stream tokens: a short-lived stand-in for an API key in a URL', () => {
  const keys = new ApiKeys(['first-key', 'second-key']);

  it('stands for the key that asked, until it expires', () => {
    const token = keys.issueToken('second-key', NOW + 300)!;
    expect(keys.actorForToken(token, NOW)).toBe(keys.actorFor('second-key'));
    expect(keys.actorForToken(token, NOW + 300)).toBe(keys.actorFor('second-key'));
    expect(keys.actorForToken(token, NOW + 301)).toBeNull();
  });

  it('is refused when forged, altered, or signed by a key the service no longer has', () => {
    const token = keys.issueToken('first-key', NOW + 300)!;
    const [expires, fingerprint, mac] = token.split('.') as [string, string, string];
    expect(keys.actorForToken(`${Number(expires) + 1000}.${fingerprint}.${mac}`, NOW)).toBeNull();
    expect(keys.actorForToken(`${expires}.${fingerprint}.${mac.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`, NOW)).toBeNull();
    expect(new ApiKeys(['second-key']).actorForToken(token, NOW)).toBeNull();
    expect(keys.actorForToken('first-key', NOW)).toBeNull();
    expect(keys.actorForToken(undefined, NOW)).toBeNull();
  });

  it('is issued only for a valid key', () => {
    expect(keys.issueToken('wrong', NOW + 300)).toBeNull();
    expect(keys.issueToken(undefined, NOW + 300)).toBeNull();
  });
});
