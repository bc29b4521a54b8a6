import { type EventStore } from '../../../src/application/ports/event-store.port.js';
import { appendContract } from './append.contract.js';
import { readContract } from './read.contract.js';
import { subscriptionContract } from './subscription.contract.js';

export type ContractSetup = () => Promise<{ store: EventStore; teardown(): Promise<void> }>;

/**
 * The behaviour every EventStore adapter must show. One store per file: the global log is shared
 * by the tests, so each uses fresh stream names and looks only at its own streams.
 */
export function describeEventStoreContract(name: string, setup: ContractSetup): void {
  describe(`EventStore contract: ${name}`, () => {
    let context: Awaited<ReturnType<ContractSetup>> | undefined;
    const store = (): EventStore => {
      if (!context) throw new Error('store not set up');
      return context.store;
    };

    beforeAll(async () => {
      context = await setup();
    });
    afterAll(async () => {
      await context?.teardown();
    });

    describe('append', () => appendContract(store));
    describe('read', () => readContract(store));
    describe('subscribe', () => subscriptionContract(store));
  });
}
