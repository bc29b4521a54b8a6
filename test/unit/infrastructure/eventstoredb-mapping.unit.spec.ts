import {
  DeadlineExceededError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  EventStoreUnavailableError,
  StreamNotFoundError,
} from '../../../src/application/ports/event-store.port.js';
import {
  isSystemEvent,
  isUnavailable,
  toActualVersion,
  toExpectedRevision,
  toReadPosition,
  toRecordedEvent,
  translateError,
  withDeadline,
} from '../../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store.js';

/** What @grpc/grpc-js rejects a batch append with when nothing listens on the port. */
const grpcUnavailable = (): Error =>
  Object.assign(new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED'), {
    code: 14,
    details: 'No connection established',
    metadata: {},
  });

const wrongVersion = (expected: bigint | 'no_stream', current: bigint | 'no_stream') =>
  new WrongExpectedVersionError(undefined, { streamName: 'campaign-1', expected, current });

describe('expected version → ESDB expected revision', () => {
  it.each([
    ['no_stream', 'no_stream'],
    ['stream_exists', 'stream_exists'],
    ['any', 'any'],
    [0, 0n],
    [41, 41n],
  ] as const)('%p → %p', (ours, theirs) => {
    expect(toExpectedRevision(ours)).toBe(theirs);
  });

  it.each([-1, 1.5, Number.NaN])('rejects %p, which is no stream version', (bad) => {
    expect(() => toExpectedRevision(bad)).toThrow(RangeError);
  });
});

describe('ESDB current revision → actual version', () => {
  it.each([
    [7n, 7],
    [0n, 0],
    ['no_stream', 'no_stream'],
    [-1n, 'no_stream'],
    [undefined, 'unknown'],
  ] as const)('%p → %p', (theirs, ours) => {
    expect(toActualVersion(theirs)).toBe(ours);
  });
});

describe('positions', () => {
  it('an omitted position reads from the start; a position keeps both halves', () => {
    expect(toReadPosition(undefined)).toBe('start');
    expect(toReadPosition({ commit: 1234n, prepare: 1200n })).toEqual({ commit: 1234n, prepare: 1200n });
  });

  it('maps a recorded event, position and created time included', () => {
    const created = new Date('2026-11-24T10:00:00.000Z');
    const recorded = toRecordedEvent({
      streamId: 'call-9',
      id: 'e1',
      revision: 3n,
      type: 'CallAttempted',
      isJson: true,
      created,
      data: { attempt: 2 },
      metadata: { actor: 'dialer' },
      position: { commit: 500n, prepare: 480n },
    });
    expect(recorded).toEqual({
      id: 'e1',
      stream: 'call-9',
      streamVersion: 3,
      position: { commit: 500n, prepare: 480n },
      type: 'CallAttempted',
      data: { attempt: 2 },
      metadata: { actor: 'dialer' },
      recordedAt: created,
    });
  });

  it('decodes binary JSON payloads and refuses events without a log position', () => {
    const bytes = new TextEncoder().encode('{"a":1}');
    const base = { streamId: 's', id: 'e', revision: 0n, type: 'T', isJson: false as const, created: new Date(0), metadata: undefined };
    expect(toRecordedEvent({ ...base, data: bytes, position: { commit: 1n, prepare: 1n } }).data).toEqual({ a: 1 });
    expect(() => toRecordedEvent({ ...base, data: bytes })).toThrow(/without a log position/);
    // What the client reports for a stream read when the server (before 22.6) sent no position.
    expect(() => toRecordedEvent({ ...base, data: bytes, position: { commit: 0n, prepare: 0n } })).toThrow(/older than 22.6/);
  });

  it('system events are those with a $ type or a $ stream', () => {
    expect(isSystemEvent({ type: '$metadata', streamId: '$$campaign-1' })).toBe(true);
    expect(isSystemEvent({ type: '$statsCollected', streamId: '$stats-127.0.0.1:2113' })).toBe(true);
    expect(isSystemEvent({ type: 'CampaignCreated', streamId: 'campaign-1' })).toBe(false);
  });
});

describe('driver errors → our errors', () => {
  it('a plain gRPC Error with code 14 (what appends throw) becomes EventStoreUnavailableError', () => {
    const raw = grpcUnavailable();
    const translated = translateError(raw, { stream: 'campaign-1', expected: 0 });
    expect(translated).toBeInstanceOf(EventStoreUnavailableError);
    expect((translated as Error).message).toMatch(/UNAVAILABLE/);
    expect((translated as Error).cause).toBe(raw);
  });

  it("the client's UnavailableError and DeadlineExceededError (what reads throw) become EventStoreUnavailableError", () => {
    expect(translateError(new UnavailableError(undefined, 'down'))).toBeInstanceOf(EventStoreUnavailableError);
    expect(translateError(new DeadlineExceededError(undefined, 'slow'))).toBeInstanceOf(EventStoreUnavailableError);
    expect(isUnavailable({ code: 4 })).toBe(true);
  });

  it('WrongExpectedVersionError becomes ConcurrencyError with our expected version and the actual one', () => {
    const translated = translateError(wrongVersion(1n, 3n), { stream: 'campaign-1', expected: 1 });
    expect(translated).toBeInstanceOf(ConcurrencyError);
    expect(translated).toMatchObject({ stream: 'campaign-1', expected: 1, actual: 3 });

    const missing = translateError(wrongVersion('no_stream', 'no_stream'), { stream: 'campaign-1', expected: 'stream_exists' });
    expect(missing).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
  });

  it("the client's StreamNotFoundError becomes ours, naming the stream", () => {
    const translated = translateError(new EsdbStreamNotFoundError(undefined, 'call-7'));
    expect(translated).toBeInstanceOf(StreamNotFoundError);
    expect(translated).toMatchObject({ stream: 'call-7' });
  });

  it('other errors, and ours, pass through untouched', () => {
    const serialisation = new TypeError('Do not know how to serialize a BigInt');
    const ours = new ConcurrencyError('s', 0, 1);
    expect(translateError(serialisation)).toBe(serialisation);
    expect(translateError(ours)).toBe(ours);
    expect(isUnavailable({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isUnavailable(null)).toBe(false);
  });
});

describe('withDeadline', () => {
  it('passes a prompt result through', async () => {
    await expect(withDeadline(Promise.resolve(42), 50, 'x')).resolves.toBe(42);
  });

  it('turns an operation that never settles into EventStoreUnavailableError after the deadline', async () => {
    const started = Date.now();
    await expect(withDeadline(new Promise(() => undefined), 30, 'an append')).rejects.toThrow(EventStoreUnavailableError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
