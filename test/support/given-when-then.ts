import { expect } from '@jest/globals';
import type { Decider } from '../../src/domain/shared/decider.js';
import type { DomainEvent } from '../../src/domain/shared/event.js';

type ErrorClass<E extends Error> = new (...args: never[]) => E;

/**
 * Given/when/then for deciders: `given(history).when(command).then(events)`. The history is folded
 * from the initial state; produced events are folded too, so an evolve that chokes on them fails.
 */
export const deciderSpec = <State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) => {
  const fold = (events: readonly Event[], from = decider.initialState()): State => events.reduce(decider.evolve, from);

  const given = (history: readonly Event[]) => ({
    when: (command: Command) => {
      const state = fold(history);
      const run = (): Event[] => decider.decide(command, state);
      return {
        then: (expected: readonly Event[]): State => {
          const actual = run();
          expect(actual).toEqual(expected);
          return fold(actual, state);
        },
        /** The effect already holds: no events. */
        thenNothing: (): void => {
          expect(run()).toEqual([]);
        },
        thenThrows: <E extends Error>(errorClass: ErrorClass<E>, messagePart?: string | RegExp): E => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          const error = thrown as E;
          if (typeof messagePart === 'string') expect(error.message).toContain(messagePart);
          else if (messagePart) expect(error.message).toMatch(messagePart);
          return error;
        },
      };
    },
  });

  return { given, fold };
};
