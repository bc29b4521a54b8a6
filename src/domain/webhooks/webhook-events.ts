export const ALL_EVENTS = '*';

/** PascalCase like every event name; unknown names are accepted so a subscription can name events added later. */
export const EVENT_TYPE_PATTERN = /^[A-Z][A-Za-z0-9]{1,79}$/;

/** The dialer's bookkeeping streams and the global slot ledger are internal: not part of what an integration can rely on. */
const isInternalStream = (stream: string): boolean => stream.startsWith('dialer-') || stream.startsWith('pacing-');

export const subscriptionWants = (eventTypes: readonly string[], event: Readonly<{ type: string; stream: string }>): boolean =>
  !isInternalStream(event.stream) && (eventTypes.includes(ALL_EVENTS) || eventTypes.includes(event.type));
