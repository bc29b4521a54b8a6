import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { streamMemoryOf } from '../../../src/application/command-handling/stream-memory.js';
import { recordOutcome, startAttempt } from '../../../src/application/dialer/call-attempts.js';
import { NumberGate } from '../../../src/application/do-not-call/number-gate.js';
import { handleCallCommand, handleNumberCommand } from '../../../src/application/command-handling/domain-handlers.js';
import type { RecordedEvent } from '../../../src/application/ports/event-store.port.js';
import { callStream } from '../../../src/domain/call/call.events.js';
import { numberStream } from '../../../src/domain/number/number.events.js';
import { createKnex } from '../../../src/infrastructure/database/knex.factory.js';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { testContext } from '../../support/dialer-harness.js';

/**
 * Each process remembers the call and number streams it wrote and decides its next command on that
 * memory. Two event stores with their own pools on one database stand for two processes: what one
 * writes leaves the other's memory stale, and the store's version check must catch every decision
 * taken on it (invariants 4 and 9).
 */
let database: TestDatabase;
let here: PostgresEventStore;
let there: PostgresEventStore;
let thereKnex: ReturnType<typeof createKnex>;

beforeAll(async () => {
  database = await createTestDatabase();
  here = new PostgresEventStore({ knex: database.knex });
  thereKnex = createKnex(database.url);
  there = new PostgresEventStore({ knex: thereKnex });
});
afterAll(async () => {
  await there.close();
  await thereKnex.destroy();
  await here.close();
  await database.drop();
});

const RETRY_AT_ONCE = { maxRetries: 2, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 };
const campaignId = randomUUID();
let numbers = 0;
const freshDial = () => ({ callId: randomUUID(), attempt: 1, phoneNumber: `+1415${String(3_000_000 + numbers++).padStart(7, '0')}` });
const ofType = (events: readonly RecordedEvent[], type: string, attempt: number) => events.filter((e) => e.type === type && e.data.attempt === attempt);

describe('stream memory: what an attempt writes is not read back', () => {
  it('claims a new number, starts, answers and ends an attempt (answer and end side by side) without reading a stream', async () => {
    const dial = freshDial();
    const reads = jest.spyOn(here, 'readStream');
    try {
      const claim = await new NumberGate(here, null).claim(dial.phoneNumber, { campaignId, callId: dial.callId, attempt: 1, subject: 's' }, new Date());
      expect(claim).toMatchObject({ status: 'claimed' });
      expect(await startAttempt(here, campaignId, dial, testContext())).toBe('started');
      // A provider reports the answer and the end of a short call at once: taken in turn, neither conflicts.
      const [, ended] = await Promise.all([
        handleCallCommand(here, { type: 'RecordAnswered', callId: dial.callId, attempt: 1, providerCallId: 'p-1' }, testContext()),
        recordOutcome(here, dial, 'answered', RETRY_AT_ONCE, testContext()),
      ]);
      expect(ended).toBe(1);
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
    expect((await here.readStream(callStream(dial.callId))).map((e) => e.type)).toEqual(['CallScheduled', 'CallAttempted', 'CallAnswered', 'CallCompleted']);
  });
});

describe('stream memory: a decision on a stale memory never becomes a wrong write', () => {
  it('invariant 4: the process whose memory is stale loses the race for attempt 2, reads the call again and does not dial it', async () => {
    const dial = freshDial();
    expect(await startAttempt(here, campaignId, dial, testContext())).toBe('started');
    expect(await recordOutcome(here, dial, 'busy', RETRY_AT_ONCE, testContext())).toBe(2);
    // The other process takes attempt 2 first; this one still remembers the call waiting for its retry.
    expect(await startAttempt(there, campaignId, { ...dial, attempt: 2 }, testContext())).toBe('started');
    expect(streamMemoryOf(here).recall(callStream(dial.callId))).toMatchObject({ state: { status: 'retry_scheduled', attempt: 1 } });

    expect(await startAttempt(here, campaignId, { ...dial, attempt: 2 }, testContext())).toBe('exists');

    const events = await here.readStream(callStream(dial.callId));
    expect(ofType(events, 'CallAttempted', 2)).toHaveLength(1);
    expect(streamMemoryOf(here).recall(callStream(dial.callId))).toMatchObject({ state: { status: 'in_progress', attempt: 2 } });
  });

  it('an outcome the stale memory would refuse (attempt never started, it says) is decided again on the stream and recorded', async () => {
    const dial = freshDial();
    expect(await startAttempt(here, campaignId, dial, testContext())).toBe('started');
    expect(await recordOutcome(there, dial, 'busy', RETRY_AT_ONCE, testContext())).toBe(2);
    expect(await startAttempt(there, campaignId, { ...dial, attempt: 2 }, testContext())).toBe('started');

    // This process remembers attempt 1 running: on that state an outcome of attempt 2 is refused.
    expect(await recordOutcome(here, { ...dial, attempt: 2 }, 'answered', RETRY_AT_ONCE, testContext())).toBe(1);

    const events = await here.readStream(callStream(dial.callId));
    expect(ofType(events, 'CallCompleted', 2)).toHaveLength(1);
    expect(ofType(events, 'CallFailed', 1)).toHaveLength(1);
  });

  it('an outcome already recorded elsewhere is not recorded again from a memory that lacks it', async () => {
    const dial = freshDial();
    expect(await startAttempt(here, campaignId, dial, testContext())).toBe('started');
    expect(await recordOutcome(there, dial, 'no_answer', RETRY_AT_ONCE, testContext())).toBe(2);

    expect(await recordOutcome(here, dial, 'answered', RETRY_AT_ONCE, testContext())).toBe(0);

    const events = await here.readStream(callStream(dial.callId));
    expect(events.filter((e) => e.type === 'CallCompleted' || e.type === 'CallFailed')).toHaveLength(1);
  });

  it('an answer the stale memory would ignore (attempt 1 is over, it says) is decided again on the stream and recorded', async () => {
    const dial = freshDial();
    expect(await startAttempt(here, campaignId, dial, testContext())).toBe('started');
    expect(await recordOutcome(here, dial, 'busy', RETRY_AT_ONCE, testContext())).toBe(2);
    expect(await startAttempt(there, campaignId, { ...dial, attempt: 2 }, testContext())).toBe('started');

    const answered = await handleCallCommand(here, { type: 'RecordAnswered', callId: dial.callId, attempt: 2, providerCallId: 'p-2' }, testContext());

    expect(answered.events.map((e) => e.type)).toEqual(['CallAnswered']);
    expect(ofType(await here.readStream(callStream(dial.callId)), 'CallAnswered', 2)).toHaveLength(1);
  });

  it('invariant 9: a number removed from the list by another process is listed again here, though this memory says it still is', async () => {
    const { phoneNumber } = freshDial();
    const add = () => ({ type: 'AddToDoNotCall' as const, phoneNumber, reason: 'asked', source: 'api' as const, expiresAt: null, now: new Date().toISOString() });
    await handleNumberCommand(here, add(), testContext());
    await handleNumberCommand(there, { type: 'RemoveFromDoNotCall', phoneNumber, now: new Date().toISOString() }, testContext());

    await handleNumberCommand(here, add(), testContext());

    const types = (await here.readStream(numberStream(phoneNumber))).map((e) => e.type);
    expect(types).toEqual(['NumberAddedToDoNotCall', 'NumberRemovedFromDoNotCall', 'NumberAddedToDoNotCall']);
  });

  it('invariant 9: a number listed by another process is refused, though this one has never seen its stream and takes it as new', async () => {
    const { phoneNumber, callId } = freshDial();
    const now = new Date().toISOString();
    await handleNumberCommand(there, { type: 'AddToDoNotCall', phoneNumber, reason: 'asked', source: 'api', expiresAt: null, now }, testContext());

    const claim = await new NumberGate(here, null).claim(phoneNumber, { campaignId, callId, attempt: 1, subject: 's' }, new Date());

    expect(claim).toMatchObject({ status: 'refused', refused: 'dnc' });
    expect((await here.readStream(numberStream(phoneNumber))).map((e) => e.type)).toEqual(['NumberAddedToDoNotCall']);
  });

  it('invariant 9: a number listed after this process claimed it is refused on the next claim, though its memory says unlisted', async () => {
    const { phoneNumber, callId } = freshDial();
    const gate = new NumberGate(here, null);
    expect(await gate.claim(phoneNumber, { campaignId, callId, attempt: 1, subject: 's' }, new Date())).toMatchObject({ status: 'claimed' });
    const now = new Date().toISOString();
    await handleNumberCommand(there, { type: 'AddToDoNotCall', phoneNumber, reason: 'asked', source: 'api', expiresAt: null, now }, testContext());

    expect(await gate.claim(phoneNumber, { campaignId, callId, attempt: 2, subject: 's' }, new Date())).toMatchObject({ status: 'refused', refused: 'dnc' });
    expect((await here.readStream(numberStream(phoneNumber))).map((e) => e.type)).toEqual(['NumberDialClaimed', 'NumberAddedToDoNotCall']);
  });
});
