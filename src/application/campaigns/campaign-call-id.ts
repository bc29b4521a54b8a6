import { hash } from 'node:crypto';
import { parse as parseUuid } from 'uuid';

const CALL_ID_NAMESPACE = 'c6a6a0b3-2f4e-4d8e-b1a4-3e0f7d2b9c51';
const NAMESPACE_BYTES = Buffer.from(parseUuid(CALL_ID_NAMESPACE));
const VARIANT = '89ab';

/**
 * A number appears once per campaign, so (campaign, number) names its call: a retried import
 * allocates the same call ids instead of new ones. This is RFC 9562 UUID v5 (as `uuid`'s v5 gives,
 * which the unit test checks), through one-shot `crypto.hash`: `uuid` creates a Hash object per id,
 * over half of the CPU a 100,000-number import spent before its append.
 */
export const callIdFor = (campaignId: string, phoneNumber: string): string => {
  const name = Buffer.from(`${campaignId}/${phoneNumber}`, 'utf8');
  const hex = hash('sha1', Buffer.concat([NAMESPACE_BYTES, name], NAMESPACE_BYTES.length + name.length), 'hex');
  const variant = VARIANT[Number.parseInt(hex[16]!, 16) & 0x3]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
