import type { RecordedEvent } from '../ports/event-store.port.js';
import type { DialerDependencies, DialerSettings } from './dialer.types.js';
import type { RequestSpacing } from './request-spacing.js';
import type { TaskLimiter } from './task-limiter.js';

/** A campaign's dialer as the runner that owns it sees it. */
export interface HostedDialer {
  readonly id: string;
  readonly active: boolean;
  receive(event: RecordedEvent): void;
  stop(): void;
}

/** What a campaign's dialer needs from the runner that owns it. */
export interface DialerHost {
  readonly deps: DialerDependencies;
  readonly settings: DialerSettings;
  readonly limiter: TaskLimiter;
  readonly spacing: RequestSpacing;
  /** Outcome events of this call go to `dialer` from now on. */
  indexCall(callId: string, dialer: HostedDialer): void;
  unindexCall(callId: string, dialer: HostedDialer): void;
  /** Stops the dialer and gives its lease up (done, fenced, or the lease was lost). */
  release(dialer: HostedDialer, reason: string): void;
}
