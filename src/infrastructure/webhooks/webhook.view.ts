/** `failures` counts the failed tries of the event now being delivered (0 when healthy). */
export type WebhookView = {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  status: 'active' | 'retrying' | 'parked';
  delivered: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
  failures: number;
  failingSince: string | null;
  nextRetryAt: string | null;
  parkedAt: string | null;
  /** Global position of the last event handled; deliveries continue after it. */
  checkpoint: string | null;
  /** Only on GET /webhooks/:id: wanted events not yet delivered (`atLeast` when the count stopped at 1,000). */
  backlog: { events: number; atLeast: boolean } | null;
};
