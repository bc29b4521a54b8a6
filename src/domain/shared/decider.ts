import type { DomainEvent } from './event.js';

/**
 * A pure aggregate (STYLE §1): `decide` turns a command and the current state into new events (none
 * when the effect already holds) or throws a typed error; `evolve` folds one event into the state.
 */
export type Decider<State, Command, Event extends DomainEvent> = Readonly<{
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}>;

/** Ends an exhaustive `switch`: the compiler rejects it when a case is missing. */
export const assertNever = (value: never, what = 'value'): never => {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
};
