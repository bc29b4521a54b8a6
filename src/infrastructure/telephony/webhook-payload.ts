/** The body the provider POSTs to `callbackUrl` (the dialer design's webhook contract). */
export const WEBHOOK_STATUSES = ['ringing', 'answered', 'completed', 'busy', 'no_answer', 'failed'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export type WebhookPayload = Readonly<{
  providerCallId: string;
  callId: string;
  attempt: number;
  status: WebhookStatus;
  /** Call length, dial to hang-up; on terminal statuses. */
  durationMs?: number;
  /** On `completed`: the person asked during the call not to be called again. */
  optedOut?: boolean;
  occurredAt: string;
  /** The dial request's contact, echoed as a provider passes its call parameters back. */
  contact?: Readonly<{ name?: string; variables?: Readonly<Record<string, string>> }>;
}>;

export const WEBHOOK_PATH = '/api/v1/telephony/webhooks';
