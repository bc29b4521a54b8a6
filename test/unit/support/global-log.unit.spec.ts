import type { RecordedEvent } from '../../../src/application/ports/event-store.port.js';
import { replayGlobal } from '../../support/global-log.js';

let position = 0n;
const event = (stream: string, type: string, data: Record<string, unknown>): RecordedEvent => {
  position += 1n;
  return { id: `e${position}`, stream, streamVersion: 0, position: { commit: position, prepare: 0n }, type, data, metadata: {} as RecordedEvent['metadata'], recordedAt: new Date(0) };
};
const scheduled = (callId: string, campaignId: string | null) => event(`call-${callId}`, 'CallScheduled', { callId, campaignId, phoneNumber: '+1' });
const attempted = (callId: string) => event(`call-${callId}`, 'CallAttempted', { attempt: 1 });
const completed = (callId: string) => event(`call-${callId}`, 'CallCompleted', { attempt: 1 });
const granted = (callId: string, campaignId: string | null = 'a') => event('pacing-global', 'GlobalSlotGranted', { campaignId, callId, attempt: 1, weight: 1 });
const released = (...callIds: string[]) => event('pacing-global', 'GlobalSlotsReleased', { slots: callIds.map((callId) => ({ callId, attempt: 1 })) });

/** The checker the global-cap tests rely on must fail on a log that breaks the rule. */
describe('replayGlobal', () => {
  it('passes a log that holds the cap, each attempt inside its grant', () => {
    const log = [scheduled('x', 'a'), scheduled('y', null), granted('x'), attempted('x'), completed('x'), released('x'), granted('y', null), attempted('y')];
    expect(replayGlobal(log, 1)).toMatchObject({ maxRinging: 1, maxGranted: 1, violations: [], attempts: ['a', null] });
  });

  it('names calls ringing over the cap, across campaigns and single calls', () => {
    const log = [scheduled('x', 'a'), scheduled('y', null), granted('x'), granted('y', null), attempted('x'), attempted('y')];
    const replay = replayGlobal(log, 1);
    expect(replay.maxRinging).toBe(2);
    expect(replay.violations).toEqual(expect.arrayContaining([expect.stringContaining('2 ringing > 1'), expect.stringContaining('2 granted > 1')]));
  });

  it('names an attempt recorded without an open grant (released, or never granted)', () => {
    const log = [scheduled('x', 'a'), scheduled('y', 'b'), granted('x'), released('x'), attempted('x'), attempted('y')];
    expect(replayGlobal(log, 5).violations).toEqual([expect.stringContaining('call-x'), expect.stringContaining('call-y')]);
  });

  it('counts a release once, even when repeated', () => {
    const log = [granted('x'), released('x'), released('x'), granted('y'), granted('z')];
    expect(replayGlobal(log, 2)).toMatchObject({ maxGranted: 2, violations: [] });
  });
});
