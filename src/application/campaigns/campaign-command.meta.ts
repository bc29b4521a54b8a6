import { v5 as uuidv5 } from 'uuid';

/** Who sent a command over which request: stamped on every event it appends (DESIGN §2). */
export type CommandMeta = Readonly<{
  /** The request's id: the events' causationId. */
  requestId: string;
  correlationId: string;
  actor: string;
  /**
   * Set when `requestId` is derived from an Idempotency-Key: event ids are then derived from it too,
   * so a retry after a crash between append and response finds (and re-appends as a no-op) the same events.
   */
  deterministic: boolean;
}>;

const EVENT_ID_NAMESPACE = '0b0d6f2e-5a0c-4c1e-9a53-6a8f1d1c2e70';
const CALL_ID_NAMESPACE = 'c6a6a0b3-2f4e-4d8e-b1a4-3e0f7d2b9c51';

/** Event ids `requestId/0`, `requestId/1`, … as UUIDs, or random ones for an ordinary request. */
export const eventIdGenerator = (meta: CommandMeta): (() => string) | undefined => {
  if (!meta.deterministic) return undefined;
  let next = 0;
  return () => uuidv5(`${meta.requestId}/${next++}`, EVENT_ID_NAMESPACE);
};

/**
 * A number appears once per campaign, so (campaign, number) names its call: a retried import
 * allocates the same call ids instead of new ones.
 */
export const callIdFor = (campaignId: string, phoneNumber: string): string =>
  uuidv5(`${campaignId}/${phoneNumber}`, CALL_ID_NAMESPACE);
