/** One append waiting for its group, and how to answer its caller. */
export type Queued<T, R> = Readonly<{ item: T; size: number; resolve: (result: R) => void; reject: (error: unknown) => void }>;

export type AppendQueueOptions = Readonly<{
  /** Groups committing at once; appends that arrive meanwhile wait and form the next group. */
  maxInFlight: number;
  /** Events in one group, so one transaction never grows without bound. */
  maxGroupEvents: number;
}>;

/**
 * Group commit: an append starts a transaction at once when one is free (a lone writer waits for
 * no one), otherwise it joins the group that starts as soon as one ends. Each commit then carries
 * every append that queued while the others were on the wire.
 */
export class AppendQueue<T, R> {
  private readonly waiting: Queued<T, R>[] = [];
  private inFlight = 0;
  private idle: (() => void)[] = [];

  constructor(
    /** Commits a group and returns how to answer its callers, called once the slot is free again. */
    private readonly commit: (group: readonly Queued<T, R>[]) => Promise<() => void>,
    private readonly options: AppendQueueOptions,
  ) {}

  push(item: T, size: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, size, resolve, reject });
      this.drain();
    });
  }

  /** Settles when every append handed in so far has been answered. */
  drained(): Promise<void> {
    if (this.inFlight === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.inFlight += 1;
      // The slot is freed before callers hear back, so a caller's next append can take it at once.
      void this.commit(group).then(
        (answer) => {
          this.release();
          answer();
        },
        (error: unknown) => {
          this.release();
          group.forEach((queued) => queued.reject(error));
        },
      );
    }
  }

  private release(): void {
    this.inFlight -= 1;
    this.drain();
    if (this.inFlight === 0 && this.waiting.length === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  private takeGroup(): Queued<T, R>[] {
    let events = this.waiting[0]!.size;
    let count = 1;
    while (count < this.waiting.length && events + this.waiting[count]!.size <= this.options.maxGroupEvents) {
      events += this.waiting[count]!.size;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }
}
