import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AddToDoNotCallHandler } from '../../../src/application/do-not-call/add-to-do-not-call.handler.js';
import { AddToDoNotCallCommand } from '../../../src/application/do-not-call/do-not-call.commands.js';
import { NumberGate, type DialClaimResult } from '../../../src/application/do-not-call/number-gate.js';
import { systemClock } from '../../../src/application/ports/clock.port.js';
import { ConcurrencyError, type RecordedEvent } from '../../../src/application/ports/event-store.port.js';
import { numberStream } from '../../../src/domain/number/number.events.js';
import { createKnex } from '../../../src/infrastructure/database/knex.factory.js';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * Two event stores with their own connection pools on one database stand for two service instances:
 * each remembers the number streams it wrote (a memory per store), so the database is all they
 * share, as separate processes would.
 */
let database: TestDatabase;
let first: PostgresEventStore;
let second: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  first = new PostgresEventStore({ knex: database.knex });
  second = new PostgresEventStore({ knex: createKnex(database.url) });
});
afterAll(async () => {
  await second.close();
  await first.close();
  await database.drop();
});

let numbers = 0;
/** A fresh fictional number per round, so rounds never share a stream. */
const freshNumber = (): string => `+1415${String(2_000_000 + numbers++).padStart(7, '0')}`;
const meta = { requestId: 'test', correlationId: 'test', actor: 'test', deterministic: false };

/** What `POST /dnc` runs, on the first instance. */
const addToList = (phoneNumber: string) =>
  new AddToDoNotCallHandler(first, systemClock).execute(
    new AddToDoNotCallCommand([phoneNumber], { reason: 'race', expiresAt: null, source: 'api' }, meta),
  );

/** A claim the dialer would retry after too many conflicts: the test retries it the same way. */
const claimUntilDecided = async (gate: NumberGate, phoneNumber: string, request: Parameters<NumberGate['claim']>[1]): Promise<DialClaimResult> => {
  for (;;) {
    try {
      return await gate.claim(phoneNumber, request, new Date());
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
};

const versionOf = (events: readonly RecordedEvent[], type: string, callId?: string): number[] =>
  events.filter((e) => e.type === type && (callId === undefined || e.data.callId === callId)).map((e) => e.streamVersion);

describe('invariant 9: a dial and a do-not-call add for one number are serialised', () => {
  it('never claims a number after its add answered, and every claim that won sits before the add in the stream', async () => {
    const gate = new NumberGate(second, null);
    const ROUNDS = 40;
    let claimedBeforeAdd = 0;
    let refusedAfterAdd = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const phoneNumber = freshNumber();
      let addAnswered = false;
      // The add starts after a random delay too: a claim that assumes a new stream and an add are one
      // append each, so an add sent at once won every race in a CI run and the claims never went first.
      const add = sleep(randomInt(0, 8)).then(async () => {
        const result = await addToList(phoneNumber);
        expect(result.added).toBe(1);
        addAnswered = true;
      });
      const claims = Array.from({ length: 6 }, async (_, i) => {
        await sleep(randomInt(0, 8));
        const startedAfterAdd = addAnswered;
        const result = await claimUntilDecided(gate, phoneNumber, { campaignId: null, callId: `call-${i}`, attempt: 1, subject: 's' });
        return { callId: `call-${i}`, startedAfterAdd, result };
      });
      const [, ...outcomes] = await Promise.all([add, ...claims]);
      const late = await gate.claim(phoneNumber, { campaignId: null, callId: 'call-late', attempt: 1, subject: 's' }, new Date());
      expect(late).toEqual({ status: 'refused', refused: 'dnc', nextAllowedAt: null });

      const events = await first.readStream(numberStream(phoneNumber));
      const [addVersion] = versionOf(events, 'NumberAddedToDoNotCall');
      for (const { callId, startedAfterAdd, result } of outcomes) {
        if (result.status === 'claimed') {
          expect(startedAfterAdd).toBe(false);
          expect(versionOf(events, 'NumberDialClaimed', callId)).toEqual([expect.any(Number)]);
          expect(versionOf(events, 'NumberDialClaimed', callId)[0]).toBeLessThan(addVersion!);
          claimedBeforeAdd += 1;
        } else {
          expect(result).toMatchObject({ refused: 'dnc' });
          expect(versionOf(events, 'NumberDialClaimed', callId)).toEqual([]);
          refusedAfterAdd += 1;
        }
      }
    }
    // Both orders happened, so the race was real rather than always won by one side.
    expect(claimedBeforeAdd).toBeGreaterThan(0);
    expect(refusedAfterAdd).toBeGreaterThan(0);
  }, 120_000);
});

describe('invariant 10: a frequency cap holds across campaigns and instances', () => {
  it('lets exactly 3 of 24 concurrent claims from two instances and two campaigns through under 3/24h', async () => {
    const cap = { limit: 3, windowMs: 24 * 3_600_000, source: 'FREQUENCY_CAP' };
    const gates = [new NumberGate(first, cap), new NumberGate(second, cap)];
    for (let round = 0; round < 5; round++) {
      const phoneNumber = freshNumber();
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          claimUntilDecided(gates[i % 2]!, phoneNumber, {
            campaignId: i % 2 === 0 ? 'campaign-a' : 'campaign-b',
            callId: `call-${i}`,
            attempt: 1,
            subject: 'renewals',
          }),
        ),
      );
      const claimed = results.filter((r) => r.status === 'claimed');
      const events = await first.readStream(numberStream(phoneNumber));
      expect(claimed).toHaveLength(3);
      expect(versionOf(events, 'NumberDialClaimed')).toHaveLength(3);
      // Claims decided concurrently can be appended out of their instants' order: the window runs from the earliest.
      const firstAt = Math.min(...events.filter((e) => e.type === 'NumberDialClaimed').map((e) => Date.parse(e.data.at as string)));
      for (const refusal of results.filter((r) => r.status === 'refused')) {
        expect(refusal).toMatchObject({ refused: 'frequency_cap', cap });
        expect(Date.parse(refusal.nextAllowedAt!)).toBe(firstAt + cap.windowMs);
      }
    }
  }, 120_000);

  it('counts a claim made before a restart: a new gate on the same store still refuses the 4th', async () => {
    const cap = { limit: 3, windowMs: 24 * 3_600_000, source: 'FREQUENCY_CAP' };
    const phoneNumber = freshNumber();
    for (let i = 0; i < 3; i++) {
      expect(await new NumberGate(first, cap).claim(phoneNumber, { campaignId: 'a', callId: `c${i}`, attempt: 1, subject: 's' }, new Date()))
        .toMatchObject({ status: 'claimed' });
    }
    expect(await new NumberGate(second, cap).claim(phoneNumber, { campaignId: 'b', callId: 'c3', attempt: 1, subject: 's' }, new Date()))
      .toMatchObject({ status: 'refused', refused: 'frequency_cap' });
  });
});

describe('opt-outs', () => {
  it('refuses every later claim as opted_out once the opt-out is recorded', async () => {
    const gate = new NumberGate(first, null);
    const phoneNumber = freshNumber();
    expect(await gate.claim(phoneNumber, { campaignId: 'a', callId: 'c1', attempt: 1, subject: 's' }, new Date())).toMatchObject({ status: 'claimed' });
    await gate.recordOptOut(phoneNumber, 'c1', new Date());
    expect(await gate.claim(phoneNumber, { campaignId: 'b', callId: 'c2', attempt: 1, subject: 's' }, new Date())).toEqual({
      status: 'refused',
      refused: 'opted_out',
      nextAllowedAt: null,
    });
  });
});
