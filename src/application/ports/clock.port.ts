/** Time comes in from the edge (STYLE §2): the application asks this port, tests pass a fixed clock. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

export const systemClock: Clock = { now: () => new Date() };
